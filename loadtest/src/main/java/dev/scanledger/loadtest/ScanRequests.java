package dev.scanledger.loadtest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

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

    public HttpRequest createScan(long spread, LoadWorld.Driver driver, String json) {
        return HttpRequest.newBuilder(base(spread).resolve("/api/scans/"))
                .timeout(TIMEOUT)
                .header("Authorization", "Token " + driver.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** A single-scan create carrying an {@code Idempotency-Key}. */
    public HttpRequest createScan(long spread, LoadWorld.Driver driver, String json, String idempotencyKey) {
        return HttpRequest.newBuilder(base(spread).resolve("/api/scans/"))
                .timeout(TIMEOUT)
                .header("Authorization", "Token " + driver.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Batch sync: {@code jsonArray} holds the scans. */
    public HttpRequest batch(long spread, LoadWorld.Driver driver, String jsonArray) {
        return HttpRequest.newBuilder(base(spread).resolve("/api/scans/batch/"))
                .timeout(BATCH_TIMEOUT)
                .header("Authorization", "Token " + driver.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonArray))
                .build();
    }

    public HttpRequest get(long spread, LoadWorld.Driver driver, String pathAndQuery) {
        return HttpRequest.newBuilder(base(spread).resolve(pathAndQuery))
                .timeout(TIMEOUT)
                .header("Authorization", "Token " + driver.token())
                .GET()
                .build();
    }
}
