package dev.scanledger.idempotency;

import java.util.Optional;

/** The value of an {@code Idempotency-Key} header: 1 to 255 printable ASCII characters. */
record IdempotencyKey(String value) {

    static final String HEADER = "Idempotency-Key";
    static final String INVALID = "Idempotency-Key must be 1 to 255 printable ASCII characters.";

    /** Empty when the request carries no key; {@link InvalidKeyException} when it carries a bad one. */
    static Optional<IdempotencyKey> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isEmpty() || header.length() > 255 || !header.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new InvalidKeyException();
        }
        return Optional.of(new IdempotencyKey(header));
    }

    static final class InvalidKeyException extends RuntimeException {
        InvalidKeyException() {
            super(INVALID, null, false, false);
        }
    }
}
