package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected outcome of scan creates, pair by pair: exactly one 201 per (label, phase) sent, every
 * other answer the documented duplicate 400, and exactly that one row in the database. Shared by
 * every scenario that creates scans, whatever the endpoint.
 */
public final class PairLedger {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final int SAMPLES = 5;
    /** A duplicate answer that does not name the scan holding the pair (the single-scan API's 400). */
    public static final long UNKNOWN_ID = -1;

    private final Map<ScanPair, Tally> tallies = new ConcurrentHashMap<>();
    private final List<String> unexpectedSamples = new ArrayList<>();
    private final AtomicInteger unexpected = new AtomicInteger();

    /** Registers a pair as sent before its calls go out, so a pair whose every call failed is still checked. */
    public void expect(ScanPair pair) {
        tallies.computeIfAbsent(pair, p -> new Tally());
    }

    public void record(ScanPair pair, Answer answer) {
        if (answer.status() == 201) {
            Matcher id = ID.matcher(answer.body());
            created(pair, id.find() ? Long.parseLong(id.group(1)) : -1);
        } else if (DuplicateAnswer.matches(answer.status(), answer.body())) {
            duplicate(pair, UNKNOWN_ID);
        } else {
            unexpected(pair, answer.describe());
        }
    }

    /** The pair was written, as the scan with this id (-1: an answer without an id). */
    public void created(ScanPair pair, long id) {
        tally(pair).created(id);
    }

    /** The pair was refused as taken; {@code holderId} is the scan holding it, or {@link #UNKNOWN_ID} when the answer does not say. */
    public void duplicate(ScanPair pair, long holderId) {
        tally(pair).duplicate(holderId);
    }

    /** Any answer that is neither a create nor the documented duplicate. */
    public void unexpected(ScanPair pair, String description) {
        tally(pair).unexpected();
        if (unexpected.incrementAndGet() <= SAMPLES) {
            synchronized (unexpectedSamples) {
                unexpectedSamples.add(pair + " -> " + description);
            }
        }
    }

    private Tally tally(ScanPair pair) {
        return tallies.computeIfAbsent(pair, p -> new Tally());
    }

    public int pairs() {
        return tallies.size();
    }

    public long[] labels() {
        return tallies.keySet().stream().mapToLong(ScanPair::label).distinct().toArray();
    }

    /** Compares the answers with the rows the database holds for the labels this ledger sent. */
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = new ArrayList<>(unexpectedSamples.stream().map(s -> "unexpected answer: " + s).toList());
        if (unexpected.get() > SAMPLES) {
            problems.add("... and %d more unexpected answers".formatted(unexpected.get() - SAMPLES));
        }
        problems.addAll(check(snapshot(), rowsOf(database, labels())));
        return problems;
    }

    /** The invariants, apart from any database: answers per pair against rows per pair. */
    static List<String> check(Map<ScanPair, Outcome> sent, Map<ScanPair, List<Long>> rows) {
        List<String> problems = new ArrayList<>();
        long rowCount = rows.values().stream().mapToLong(List::size).sum();
        if (rowCount != sent.size()) {
            problems.add("rows for the labels sent: %d, distinct (label, phase) pairs sent: %d".formatted(rowCount, sent.size()));
        }
        int reported = 0;
        for (Map.Entry<ScanPair, Outcome> entry : sent.entrySet()) {
            String problem = entry.getValue().problemWith(rows.getOrDefault(entry.getKey(), List.of()));
            if (problem != null && reported++ < SAMPLES) {
                problems.add(entry.getKey() + ": " + problem);
            }
        }
        if (reported > SAMPLES) {
            problems.add("... and %d more pairs with problems".formatted(reported - SAMPLES));
        }
        rows.keySet().stream().filter(pair -> !sent.containsKey(pair)).limit(SAMPLES)
                .forEach(pair -> problems.add(pair + ": a row for a pair that was never sent"));
        return problems;
    }

    public Map<ScanPair, Outcome> snapshot() {
        Map<ScanPair, Outcome> outcomes = new HashMap<>();
        tallies.forEach((pair, tally) -> outcomes.put(pair, tally.outcome()));
        return outcomes;
    }

    private static Map<ScanPair, List<Long>> rowsOf(Connection database, long[] labels) throws SQLException {
        Map<ScanPair, List<Long>> rows = new HashMap<>();
        try (PreparedStatement select = database.prepareStatement("SELECT label_id, phase, id FROM scans WHERE label_id = ANY(?)")) {
            select.setArray(1, database.createArrayOf("bigint", java.util.Arrays.stream(labels).boxed().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(new ScanPair(rs.getLong(1), rs.getInt(2)), p -> new ArrayList<>()).add(rs.getLong(3));
                }
            }
        }
        return rows;
    }

    /**
     * How one pair's calls were answered. {@code createdIds} holds the id of every 201 body (or created
     * batch item); {@code duplicateHolderIds} the distinct ids that duplicate answers named as holding
     * the pair (empty when the answers name none, as the single-scan 400 does).
     */
    public record Outcome(List<Long> createdIds, int duplicates, int unexpected, Set<Long> duplicateHolderIds) {

        public Outcome(List<Long> createdIds, int duplicates, int unexpected) {
            this(createdIds, duplicates, unexpected, Set.of());
        }

        String problemWith(List<Long> rowIds) {
            if (unexpected > 0) {
                return unexpected + " answers neither a create nor the documented duplicate";
            }
            if (createdIds.size() != 1) {
                return createdIds.size() + " answers 201, expected exactly one";
            }
            if (!rowIds.equals(createdIds)) {
                return "rows " + rowIds + " but the 201 answered id " + createdIds.get(0);
            }
            if (!duplicateHolderIds.isEmpty() && !duplicateHolderIds.equals(Set.of(createdIds.get(0)))) {
                return "duplicates named ids " + new TreeSet<>(duplicateHolderIds) + " but the created scan is " + createdIds.get(0);
            }
            return null;
        }
    }

    private static final class Tally {
        private final List<Long> createdIds = new ArrayList<>(1);
        private final Set<Long> duplicateHolderIds = new HashSet<>(1);
        private int duplicates;
        private int unexpected;

        synchronized void created(long id) {
            createdIds.add(id);
        }

        synchronized void duplicate(long holderId) {
            duplicates++;
            if (holderId != UNKNOWN_ID) {
                duplicateHolderIds.add(holderId);
            }
        }

        synchronized void unexpected() {
            unexpected++;
        }

        synchronized Outcome outcome() {
            return new Outcome(List.copyOf(createdIds), duplicates, unexpected, Set.copyOf(duplicateHolderIds));
        }
    }
}
