package dev.scanledger.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects validation messages per field in DRF's {@code {"field": ["message"]}} shape, in the order found. */
public final class FieldErrors {

    public static final String NON_FIELD_ERRORS = "non_field_errors";
    /** DRF's ProhibitNullCharactersValidator: PostgreSQL text and jsonb cannot hold NUL either. */
    public static final String NULL_CHARACTERS = "Null characters are not allowed.";

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public FieldErrors add(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
        return this;
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public Map<String, List<String>> asMap() {
        return new LinkedHashMap<>(errors);
    }

    /** Throws {@link ValidationException} when anything was collected. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(asMap());
        }
    }

    public static ValidationException single(String field, String message) {
        return new ValidationException(new FieldErrors().add(field, message).asMap());
    }
}
