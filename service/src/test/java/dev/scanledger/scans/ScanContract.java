package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Snapshots;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Shared ground of the scan contracts. Each contract is abstract: it is run once per database
 * variant by {@link EmbeddedDatabaseScanContractTest} and {@link ExternalDatabaseScanContractTest}.
 */
abstract class ScanContract {

    static final String SCANS = "/api/scans/";
    static final String DUPLICATE = "The fields label, phase must make a unique set.";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Snapshots snapshots;

    Api.Call postScan(Account driver) {
        return api.post(SCANS).token(driver.token());
    }

    Api.Response postJson(Account driver, String json) {
        return postScan(driver).json(json).send();
    }

    /** A scan that must be created; returns its JSON. */
    JsonNode created(Account driver, long label, int phase) {
        Api.Response response = postJson(driver, "{\"label\": %d, \"phase\": %d}".formatted(label, phase));
        assertThatResponse(response).hasStatus(201);
        return response.json();
    }

    /**
     * Sends a request that must be refused, and checks it wrote nothing: no row in any table, no file
     * under the media directory. Create every fixture before calling this.
     */
    Api.Response rejected(Api.Call call) {
        Snapshots.Snapshot before = snapshots.take();
        Api.Response response = call.send();
        assertThat(response.status()).as("status of %s", response).isBetween(400, 499);
        assertThat(snapshots.take()).as("database rows and media files after %s", response).isEqualTo(before);
        return response;
    }

    Api.Response getScan(Account driver, Object id) {
        return api.get(SCANS + id + "/").token(driver.token()).send();
    }

    Api.Response list(Account driver, String query) {
        return api.get(SCANS + query).token(driver.token()).send();
    }
}
