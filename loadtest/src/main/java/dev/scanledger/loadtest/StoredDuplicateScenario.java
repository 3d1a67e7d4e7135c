package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Duplicates of scans already stored: the app resending a scan that was recorded long ago. Each call
 * is one POST of a pair that holds a scan before the clock starts, so every answer must be the
 * documented duplicate 400, and the table must not change. Unlike a burst, nothing waits for another
 * request's commit, so this is the duplicate path's own cost next to a create.
 */
final class StoredDuplicateScenario implements Scenario {

    private static final long MAX_STORED_PAIRS = 100_000;

    private final ScanRequests requests;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
    private LoadWorld world;
    private long maxRequests;
    private long[] labels;
    private long pairs;
    private long rowsBefore;

    StoredDuplicateScenario(ScanRequests requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "duplicate";
    }

    /** Stores one scan for every pair the calls will send, by the first driver, before the clock. */
    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.maxRequests = limits.maxRequests();
        // Stored up front, so bounded: a run that outlasts them sends each pair again (still a duplicate).
        this.pairs = Math.min(limits.maxRequests(), MAX_STORED_PAIRS);
        this.labels = world.freshLabels(Math.toIntExact((pairs + Phases.COUNT - 1) / Phases.COUNT));
        try (PreparedStatement store = world.database().prepareStatement("""
                INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id)
                SELECT ?, label, phase, CASE WHEN phase = 2 THEN ? END, CASE WHEN phase = 3 THEN ? END
                  FROM unnest(?::bigint[]) AS label, generate_series(0, 3) AS phase
                """)) {
            store.setLong(1, world.drivers().get(0).id());
            store.setLong(2, world.distribution());
            store.setLong(3, world.store());
            store.setArray(4, world.database().createArrayOf("bigint", boxed(labels)));
            store.executeUpdate();
        }
        rowsBefore = rowsOfLabels(world.database());
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long call = sequence.getAndIncrement();
        if (call >= maxRequests) {
            return Optional.empty();
        }
        long n = call % pairs;
        ScanPair pair = Phases.pair(labels, n);
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        return Optional.of(List.of(new Call(requests.createScan(n, driver, pair.json(world.distribution(), world.store())), pair)));
    }

    @Override
    public void record(Call call, Answer answer) {
        if (!DuplicateAnswer.matches(answer.status(), answer.body())) {
            wrongAnswers.add(call.subject() + ": " + answer.describe());
        }
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = new ArrayList<>();
        wrongAnswers.stream().limit(10).forEach(wrong -> problems.add("not the duplicate 400: " + wrong));
        if (wrongAnswers.size() > 10) {
            problems.add("... and %d more answers that were not the duplicate 400".formatted(wrongAnswers.size() - 10));
        }
        long rowsAfter = rowsOfLabels(database);
        if (rowsAfter != rowsBefore) {
            problems.add("the scans of the stored pairs changed from %d to %d rows".formatted(rowsBefore, rowsAfter));
        }
        return problems;
    }

    private long rowsOfLabels(Connection database) throws SQLException {
        try (PreparedStatement count = database.prepareStatement("SELECT count(*) FROM scans WHERE label_id = ANY(?)")) {
            count.setArray(1, database.createArrayOf("bigint", boxed(labels)));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
