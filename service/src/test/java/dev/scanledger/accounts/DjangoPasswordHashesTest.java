package dev.scanledger.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Django's password hashes, as the service's password encoder checks them. Every hash here was made by
 * Django 3.2.25 itself ({@code make_password(password, hasher=...)}, the argon2i one by argon2-cffi and
 * accepted by Django's check_password), for {@link #PASSWORD}.
 */
class DjangoPasswordHashesTest {

    static final String PASSWORD = "pässwörd-7 Ünïcode";

    static final String PBKDF2_SHA256 = "pbkdf2_sha256$260000$muq5tL0ki0Yxd45MrGpJqO$5SNLthGQC22Wq14cVs2kW4GvIcKo+lPrwagInxwG7UQ=";
    static final String PBKDF2_SHA1 = "pbkdf2_sha1$260000$Q0twChQuNw3lqqr9CUozOU$dZ9ECYjah2UyWw7Bt5EsoIw/3PQ=";
    static final String ARGON2ID = "argon2$argon2id$v=19$m=102400,t=2,p=8$VlZwNUJZYTlTazR3RTJlRWpBaThWZw$zFD8mAo2RwCGdv+sWWpByA";
    static final String ARGON2I = "argon2$argon2i$v=19$m=512,t=2,p=2$U29tZVNhbHRWYWx1ZTEyMw$54OKnVjBJ6pkKfCeo7VEyQ";
    static final String BCRYPT_SHA256 = "bcrypt_sha256$$2b$12$ikbNidl7QqYAKYDpsJwpmOxRd43Ouu4NOSfQYprrPTTUscy8BZXhq";
    static final String BCRYPT = "bcrypt$$2b$12$6xpcfsAjZu3bCBX7mjrUJ./Xu0x1F6WDoAMMcwbRuqLPbTe5ez7/m";
    /** bcrypt_sha256 of 100 times "x": beyond bcrypt's 72 bytes, which the SHA-256 step keeps from mattering. */
    static final String BCRYPT_SHA256_OF_LONG_PASSWORD = "bcrypt_sha256$$2b$12$8uZT2AlomajVAmqwWOl33OUF03BZCFNnqLnn0eBA8R75pQ03IpAkm";
    /** The fixture's kiosk user: Django's set_unusable_password(). */
    static final String UNUSABLE = "!Av2mERJZ6njwerR5jicATKoXzOdarBSNdlgnGhnY";

    final PasswordEncoder passwords = new PasswordConfiguration().passwordEncoder();

    @ParameterizedTest
    @ValueSource(strings = {PBKDF2_SHA256, PBKDF2_SHA1, ARGON2ID, ARGON2I, BCRYPT_SHA256, BCRYPT})
    void aDjangoHashMatchesThePasswordDjangoHashed(String hash) {
        assertThat(passwords.matches(PASSWORD, hash)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {PBKDF2_SHA256, PBKDF2_SHA1, ARGON2ID, ARGON2I, BCRYPT_SHA256, BCRYPT})
    void aDjangoHashMatchesNoOtherPassword(String hash) {
        assertThat(passwords.matches(PASSWORD + "x", hash)).isFalse();
        assertThat(passwords.matches("pässwörd-7 Ünïcodé", hash)).isFalse();
        assertThat(passwords.matches("", hash)).isFalse();
    }

    @Test
    void bcryptSha256MatchesAPasswordLongerThanBcryptReads() {
        String longPassword = "x".repeat(100);
        assertThat(passwords.matches(longPassword, BCRYPT_SHA256_OF_LONG_PASSWORD)).isTrue();
        assertThat(passwords.matches("x".repeat(72), BCRYPT_SHA256_OF_LONG_PASSWORD)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!", UNUSABLE, "Av2mERJZ6njwerR5jicATKoXzOdarBSNdlgnGhnY"})
    void anUnusablePasswordNeverMatches(String attempt) {
        assertThat(passwords.matches(attempt, UNUSABLE)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$", "pbkdf2_sha256", "pbkdf2_sha256$", "pbkdf2_sha256$many$salt$hash", "pbkdf2_sha256$260000$salt",
            "pbkdf2_sha256$260000$salt$not base64!", "argon2$", "argon2$argon2id$v=19$m=x$salt$hash", "bcrypt_sha256$$2b$12$short",
            "bcrypt$", "md5$salt$0123456789abcdef0123456789abcdef", "unsalted_sha1$$0123", "crypt$$abc"})
    void aMalformedOrUnsupportedHashNeverMatchesAndNeverFails(String hash) {
        assertThat(passwords.matches(PASSWORD, hash)).isFalse();
    }

    @Test
    void aDjangoHashIsReencodedAfterLoginAndScanledgersOwnIsNot() {
        assertThat(passwords.upgradeEncoding(PBKDF2_SHA256)).isTrue();
        String own = passwords.encode(PASSWORD);
        assertThat(own).startsWith("{bcrypt}");
        assertThat(passwords.upgradeEncoding(own)).isFalse();
        assertThat(passwords.matches(PASSWORD, own)).isTrue();
    }
}
