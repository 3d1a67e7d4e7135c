package dev.scanledger.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Requests to the scan API over one or more service instances. The caller picks the instance by a
 * number ({@code spread}) so that a burst can put its identical calls on different instances.
 */
public final class ScanRequests {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Up to 1,000 scans in one call: more time than a single scan, still bounded. */
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final List<URI> instances;

    public ScanRequests(List<URI> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("at least one service URL");
        }
        instances.forEach(Loopback::require);
        this.instances = List.copyOf(instances);
    }

    private URI base(long spread) {
        return instances.get((int) Math.floorMod(spread, (long) instances.size()));
    }

    public Request createScan(long spread, LoadWorld.Driver driver, String json) {
        return new Request("POST", base(spread).resolve("/api/scans/"),
                Map.of("Authorization", "Token " + driver.token(), "Content-Type", "application/json"), json, TIMEOUT);
    }

    /** A single-scan create carrying an {@code Idempotency-Key}. */
    public Request createScan(long spread, LoadWorld.Driver driver, String json, String idempotencyKey) {
        return new Request("POST", base(spread).resolve("/api/scans/"),
                Map.of("Authorization", "Token " + driver.token(), "Content-Type", "application/json",
                        "Idempotency-Key", idempotencyKey), json, TIMEOUT);
    }

    /** Batch sync: {@code jsonArray} holds the scans. */
    public Request batch(long spread, LoadWorld.Driver driver, String jsonArray) {
        return new Request("POST", base(spread).resolve("/api/scans/batch/"),
                Map.of("Authorization", "Token " + driver.token(), "Content-Type", "application/json"), jsonArray, BATCH_TIMEOUT);
    }

    public Request get(long spread, LoadWorld.Driver driver, String pathAndQuery) {
        return new Request("GET", base(spread).resolve(pathAndQuery), Map.of("Authorization", "Token " + driver.token()), null, TIMEOUT);
    }
}
