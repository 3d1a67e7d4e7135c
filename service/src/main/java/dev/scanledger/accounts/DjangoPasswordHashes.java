package dev.scanledger.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a password against a hash made by Django's {@code django.contrib.auth.hashers} (as copied from
 * its user table by migrate-from-django), exactly as Django's hashers verify it: {@code pbkdf2_sha256},
 * {@code pbkdf2_sha1}, {@code argon2}, {@code bcrypt_sha256} and {@code bcrypt}. An unusable password
 * ({@code !} and random text, Django's set_unusable_password) and every other format never match. It only
 * verifies: a user's first successful login re-encodes the password in Scanledger's own format.
 */
final class DjangoPasswordHashes implements PasswordEncoder {

    private static final Argon2PasswordEncoder ARGON2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();

    @Override
    public String encode(CharSequence rawPassword) {
        throw new UnsupportedOperationException("New passwords are stored in Scanledger's format, never as Django hashes");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        int separator = encodedPassword.indexOf('$');
        if (separator < 0) {
            return false;
        }
        String algorithm = encodedPassword.substring(0, separator);
        String rest = encodedPassword.substring(separator + 1);
        String password = rawPassword.toString();
        try {
            return switch (algorithm) {
                case "pbkdf2_sha256" -> pbkdf2("PBKDF2WithHmacSHA256", 256, password, rest);
                case "pbkdf2_sha1" -> pbkdf2("PBKDF2WithHmacSHA1", 160, password, rest);
                // argon2-cffi's own encoding after Django's "argon2" prefix: $argon2id$v=19$m=..,t=..,p=..$salt$hash
                case "argon2" -> ARGON2.matches(password, "$" + rest);
                // bcrypt of the hex SHA-256 of the password, so that bcrypt's 72-byte limit cuts nothing
                case "bcrypt_sha256" -> BCRYPT.matches(HexFormat.of().formatHex(sha256(password)), rest);
                case "bcrypt" -> BCRYPT.matches(password, rest);
                default -> false;
            };
        } catch (IllegalArgumentException e) {
            // a malformed hash (wrong field count, bad number or base64, a password bcrypt refuses): no match
            return false;
        }
    }

    /** {@code <iterations>$<salt>$<base64 of the derived key>}, the salt used as its UTF-8 text. */
    private static boolean pbkdf2(String algorithm, int keyBits, String password, String encoded) {
        String[] fields = encoded.split("\\$", -1);
        if (fields.length != 3) {
            return false;
        }
        int iterations = Integer.parseInt(fields[0]);
        byte[] expected = Base64.getDecoder().decode(fields[2]);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), fields[1].getBytes(StandardCharsets.UTF_8), iterations, keyBits);
        try {
            byte[] derived = SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(derived, expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
