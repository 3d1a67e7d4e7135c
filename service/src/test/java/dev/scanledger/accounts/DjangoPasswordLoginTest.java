package dev.scanledger.accounts;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Logging in with a password Django hashed (a user copied by migrate-from-django), over the token endpoint. */
@ApiTest
class DjangoPasswordLoginTest {

    /** Django 3.2.25's make_password(100 times "x" and "é"): longer than the 72 bytes Scanledger's bcrypt takes. */
    static final String LONG_PASSWORD = "x".repeat(100) + "é";
    static final String PBKDF2_OF_LONG_PASSWORD = "pbkdf2_sha256$260000$a0DdvN0MRJ3LnkuuQsP0qT$X6SoEXuxuO+c6VeSPXzrfcEbRzMmUbpVf7UqqLAnVss=";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    private Api.Response login(Account account, String password) {
        return api.post("/api/auth/token/").form(Map.of("username", account.username(), "password", password)).send();
    }

    @Test
    void theFirstLoginReencodesTheDjangoHashInScanledgersFormat() {
        Account driver = fixtures.account(Role.DRIVER, DjangoPasswordHashesTest.PBKDF2_SHA256);

        assertThatResponse(login(driver, DjangoPasswordHashesTest.PASSWORD)).hasStatus(200);

        assertThat(fixtures.passwordHashOf(driver)).startsWith("{bcrypt}");
        assertThatResponse(login(driver, DjangoPasswordHashesTest.PASSWORD)).hasStatus(200);
    }

    @Test
    void aWrongPasswordIsRefusedAndLeavesTheDjangoHash() {
        Account driver = fixtures.account(Role.DRIVER, DjangoPasswordHashesTest.BCRYPT_SHA256);

        assertThatResponse(login(driver, "wrong")).hasStatus(400)
                .hasFieldError("non_field_errors", "Unable to log in with provided credentials.");

        assertThat(fixtures.passwordHashOf(driver)).isEqualTo(DjangoPasswordHashesTest.BCRYPT_SHA256);
    }

    @Test
    void anUnusablePasswordNeverLogsIn() {
        Account kiosk = fixtures.account(Role.DRIVER, DjangoPasswordHashesTest.UNUSABLE);

        assertThatResponse(login(kiosk, DjangoPasswordHashesTest.UNUSABLE)).hasStatus(400);
        assertThatResponse(login(kiosk, "")).hasStatus(400);
    }

    @Test
    void aPasswordTooLongForBcryptKeepsItsDjangoHashAndStillLogsIn() {
        Account driver = fixtures.account(Role.DRIVER, PBKDF2_OF_LONG_PASSWORD);

        assertThatResponse(login(driver, LONG_PASSWORD)).hasStatus(200);
        assertThatResponse(login(driver, LONG_PASSWORD)).hasStatus(200);

        assertThat(fixtures.passwordHashOf(driver)).isEqualTo(PBKDF2_OF_LONG_PASSWORD);
    }

    @Test
    void aUserWithoutARoleLogsInButMayNotUseTheDriverEndpoints() {
        Account office = fixtures.account(Role.NONE);

        Api.Response loggedIn = login(office, Fixtures.PASSWORD);
        assertThatResponse(loggedIn).hasStatus(200);
        String token = loggedIn.json().get("token").asString();

        assertThatResponse(api.get("/api/scans/").token(token).send()).hasStatus(403)
                .hasDetail("You do not have permission to perform this action.");
        assertThatResponse(api.post("/api/scans/").token(token).json("{\"label\": 1, \"phase\": 1}").send()).hasStatus(403);
        assertThatResponse(api.put("/api/labels/1/scans/1/").token(token).json("{}").send()).hasStatus(403);
        assertThatResponse(api.post("/api/labels/import/").token(token).body("text/csv", "factory,code\n".getBytes()).send())
                .hasStatus(403);
    }
}
