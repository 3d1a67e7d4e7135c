package dev.scanledger.loadtest;

import java.net.URI;
import java.util.List;

/** The scenarios by name. */
public final class Scenarios {

    public static final List<String> BUILT = List.of("create", "burst", "volley", "duplicate", "read", "batch", "idempotent");

    private Scenarios() {
    }

    /**
     * What the scenarios can be tuned with. {@code burst}: identical calls per burst (different ones per volley), and per key for
     * idempotent retries; {@code batchSize}, {@code overlap}: scans per batch and the share of them that
     * repeat a pair already sent; {@code lateRetry}: idempotent retries also send one retry of each key
     * after all its first answers arrived.
     */
    public record Settings(int burst, int batchSize, double overlap, boolean lateRetry) {

        public static final Settings DEFAULTS = new Settings(8, 100, 0.1, true);

        public Settings withBurst(int burst) {
            return new Settings(burst, batchSize, overlap, lateRetry);
        }

        public Settings withBatchSize(int batchSize) {
            return new Settings(burst, batchSize, overlap, lateRetry);
        }
    }

    public static Scenario named(String name, List<URI> instances, int burstSize) {
        return named(name, instances, Settings.DEFAULTS.withBurst(burstSize));
    }

    public static Scenario named(String name, List<URI> instances, Settings settings) {
        ScanRequests requests = new ScanRequests(instances);
        return switch (name) {
            case "create" -> new CreateScenario(requests);
            case "burst" -> BurstScenario.identical(requests, settings.burst());
            case "volley" -> BurstScenario.distinct(requests, settings.burst());
            case "duplicate" -> new StoredDuplicateScenario(requests);
            case "read" -> new ReadScenario(requests);
            case "batch" -> new BatchSyncScenario(requests, settings.batchSize(), settings.overlap());
            case "idempotent" -> new IdempotentRetryScenario(requests, settings.burst(), settings.lateRetry());
            default -> throw new IllegalArgumentException("unknown scenario " + name + "; scenarios: " + BUILT);
        };
    }
}
