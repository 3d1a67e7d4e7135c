package dev.scanledger.accounts;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Snapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code Authorization: Token <key>} on every other /api/ call, and the driver-only scan endpoints. */
@ApiTest
class AuthenticationContractTest {

    static final String NOT_PROVIDED = "Authentication credentials were not provided.";
    static final String FORBIDDEN = "You do not have permission to perform this action.";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Snapshots snapshots;

    Account driver;
    long label;
    long scanId;

    @BeforeEach
    void aDriversScan() {
        driver = fixtures.driver();
        label = fixtures.label();
        Api.Response created = api.post("/api/scans/").token(driver.token()).json("{\"label\": %d}".formatted(label)).send();
        assertThatResponse(created).hasStatus(201);
        scanId = created.json().get("id").asLong();
    }

    /** Every scan endpoint, with a body that a driver could send successfully. */
    private Api.Call[] scanCalls() {
        return new Api.Call[] {
                api.get("/api/scans/"),
                api.get("/api/scans/" + scanId + "/"),
                api.post("/api/scans/").json("{\"label\": %d, \"phase\": 3}".formatted(label))};
    }

    private void assertEveryScanCall(java.util.function.UnaryOperator<Api.Call> authorize, int status, String detail) {
        for (Api.Call call : scanCalls()) {
            Snapshots.Snapshot before = snapshots.take();
            Api.Response response = authorize.apply(call).send();
            assertThatResponse(response).hasStatus(status).hasDetail(detail);
            assertThat(snapshots.take()).isEqualTo(before);
            if (status == 401) {
                assertThatResponse(response).hasHeader("WWW-Authenticate", "Token");
            }
        }
    }

    @Test
    void withoutAnAuthorizationHeaderCredentialsWereNotProvided() {
        assertEveryScanCall(call -> call, 401, NOT_PROVIDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "Basic ZHJpdmVyOnB3", "Tokens abc", ""})
    void anotherAuthorizationSchemeCountsAsNoCredentials(String header) {
        assertEveryScanCall(call -> call.header("Authorization", header), 401, NOT_PROVIDED);
    }

    @Test
    void anUnknownKeyIsAnInvalidToken() {
        assertEveryScanCall(call -> call.token("0".repeat(40)), 401, "Invalid token.");
    }

    @Test
    void theSchemeWithoutAKeyIsAnInvalidHeader() {
        assertEveryScanCall(call -> call.header("Authorization", "Token"), 401, "Invalid token header. No credentials provided.");
    }

    @Test
    void aKeyWithSpacesIsAnInvalidHeader() {
        assertEveryScanCall(call -> call.header("Authorization", "Token abc def"), 401,
                "Invalid token header. Token string should not contain spaces.");
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThatResponse(api.get("/api/scans/").header("Authorization", "token " + driver.token()).send()).hasStatus(200);
        assertThatResponse(api.get("/api/scans/").header("Authorization", "TOKEN " + driver.token()).send()).hasStatus(200);
    }

    @Test
    void anInactiveUsersTokenIsRefused() {
        fixtures.deactivate(driver);

        assertEveryScanCall(call -> call.token(driver.token()), 401, "User inactive or deleted.");
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"MANAGER", "ADMIN"})
    void onlyDriversMayUseTheScanEndpoints(Role role) {
        Account other = fixtures.account(role);

        assertEveryScanCall(call -> call.token(other.token()), 403, FORBIDDEN);
    }
}
