package dev.scanledger.loadtest;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The scenarios by name. Batch sync and idempotent retries are listed with what they wait for: the
 * endpoint and header do not exist yet, and a scenario that pretended otherwise would measure nothing.
 */
public final class Scenarios {

    public static final List<String> BUILT = List.of("create", "burst", "read");

    public static final Map<String, String> PLANNED = Map.of(
            "batch", "needs POST /api/scans/batch/ (not built yet); add BatchSyncScenario posting N scans "
                    + "per call and checking each item with PairLedger",
            "idempotent", "needs the Idempotency-Key header (not built yet); add IdempotentRetryScenario "
                    + "repeating a call with one key and expecting the same 201 every time");

    private Scenarios() {
    }

    public static Scenario named(String name, List<URI> instances, int burstSize) {
        ScanRequests requests = new ScanRequests(instances);
        return switch (name) {
            case "create" -> new CreateScenario(requests);
            case "burst" -> new BurstScenario(requests, burstSize);
            case "read" -> new ReadScenario(requests);
            default -> throw new IllegalArgumentException(PLANNED.containsKey(name)
                    ? "scenario " + name + " " + PLANNED.get(name)
                    : "unknown scenario " + name + "; built: " + BUILT + ", planned: " + PLANNED.keySet());
        };
    }
}
