package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;

import dev.scanledger.support.Fixtures.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/scans/{id}/}: a driver sees their own scans only; everything else is "Not found.". */
abstract class ScanRetrieveContract extends ScanContract {

    Account driver;
    JsonNode scan;

    @BeforeEach
    void aDriversScan() {
        driver = fixtures.driver();
        scan = created(driver, fixtures.label(), 1);
    }

    @Test
    void aDriverRetrievesTheirOwnScanAsCreated() {
        assertThatResponse(getScan(driver, scan.get("id").asLong())).hasStatus(200).hasJson(scan.toString());
    }

    @Test
    void anotherDriversScanIsNotFound() {
        assertThatResponse(getScan(fixtures.driver(), scan.get("id").asLong())).hasStatus(404).hasDetail("Not found.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999999", "0", "-1", "abc", "1.0", "99999999999999999999"})
    void anIdThatNamesNoScanIsNotFound(String id) {
        assertThatResponse(getScan(driver, id)).hasStatus(404).hasDetail("Not found.");
    }
}
