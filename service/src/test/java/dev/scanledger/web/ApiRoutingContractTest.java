package dev.scanledger.web;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Paths and methods the API does not have, for an authenticated driver. */
@ApiTest
class ApiRoutingContractTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nothing/", "/api/scans/1/images/", "/api/sites/"})
    void anUnknownApiPathIsNotFound(String path) {
        assertThatResponse(api.get(path).token(driver.token()).send()).hasStatus(404).hasDetail("Not found.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
    void theScanCollectionOnlyListsAndCreates(String method) {
        Api.Response response = api.method(method, "/api/scans/").token(driver.token()).json("{}").send();

        assertThatResponse(response).hasStatus(405).hasDetail("Method \"" + method + "\" not allowed.");
        assertThat(response.header("Allow")).contains("GET", "POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE", "POST"})
    void aScanCanOnlyBeRetrieved(String method) {
        Api.Response response = api.method(method, "/api/scans/1/").token(driver.token()).json("{}").send();

        assertThatResponse(response).hasStatus(405).hasDetail("Method \"" + method + "\" not allowed.");
        assertThat(response.header("Allow")).contains("GET").doesNotContain("POST");
    }

    @Test
    void theHealthEndpointNeedsNoToken() {
        assertThatResponse(api.get("/actuator/health").send()).hasStatus(200);
    }
}
