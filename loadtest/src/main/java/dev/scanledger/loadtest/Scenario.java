package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of traffic. The runner owns clients, clocks and counting; a scenario only says what to
 * send next and whether the answers and the database are right afterwards. Adding a scenario (batch
 * sync, idempotent retries) is one class implementing this and one entry in {@link Scenarios}.
 * All methods but {@link #prepare} are called from many client threads at once.
 */
public interface Scenario {

    String name();

    /** Creates what the scenario needs (labels, existing scans) before the clock starts. */
    void prepare(LoadWorld world, RunLimits limits) throws SQLException;

    /** The calls one client fires at once next, or empty when the scenario has sent all it means to. */
    Optional<List<Call>> nextVolley();

    /** Judges one answer; called once for every call, in no particular order. */
    void record(Call call, Answer answer);

    /** Every broken expectation, in the answers and in the database; empty when the run was right. */
    List<String> verify(Connection database) throws SQLException;

    /** Pairs or rows the scenario meant to write, for throughput in domain terms; 0 for reads. */
    default long writes() {
        return 0;
    }

    /** Counts of the scenario's own outcomes (batch items by result, idempotent answers by kind), in order; empty if none. */
    default Map<String, Long> tallies() {
        return Map.of();
    }

    /** Latencies of the scenario's own groups of calls (a volley's first answer, the rest), in order; empty if none. */
    default Map<String, Latencies> latencyGroups() {
        return Map.of();
    }
}
