package dev.scanledger.db;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The probes an orchestrator polls answer without a token; readiness includes the database. */
@ApiTest
class HealthProbesTest {

    @Autowired
    Api api;

    @Test
    void livenessAnswersWithoutAToken() {
        assertThatResponse(api.get("/actuator/health/liveness").send()).hasStatus(200).hasJson("{\"status\": \"UP\"}");
    }

    @Test
    void readinessAnswersWithoutATokenAndIsUpWithTheDatabase() {
        assertThatResponse(api.get("/actuator/health/readiness").send()).hasStatus(200).hasJson("{\"status\": \"UP\"}");
    }

    @Test
    void theErrorPathRequestedDirectlyIsNotFoundNotAServerError() {
        assertThatResponse(api.get("/error").send()).hasStatus(404).hasDetail("Not found.");
        assertThatResponse(api.post("/error").send()).hasStatus(404).hasDetail("Not found.");
    }
}
