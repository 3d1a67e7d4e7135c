package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The expected outcome of requests repeated with one {@code Idempotency-Key}: exactly one execution per
 * key (a 201 without {@code Idempotent-Replayed}), every other answer either that 201 replayed
 * byte for byte with {@code Idempotent-Replayed: true} or the documented 409 with {@code Retry-After}
 * while the first still runs; a retry sent after all first answers arrived must be the replay. In the
 * database, {@code idempotency_keys} holds exactly one row per key, for the user who sent it, with
 * the status and body the execution answered.
 */
final class KeyLedger {

    static final String REPLAYED = "Idempotent-Replayed";
    static final String IN_FLIGHT_BODY = """
            {"detail": "A request with this Idempotency-Key is still being processed. Retry it later."}""";
    private static final String IN_FLIGHT_NORMALIZED = DuplicateAnswer.withoutInsignificantWhitespace(IN_FLIGHT_BODY);
    private static final int SAMPLES = 5;

    enum Kind { EXECUTED, REPLAYED, IN_FLIGHT, OTHER }

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    /** How an answer to a keyed request reads, before comparing bodies across the key's answers. */
    static Kind kind(Answer answer) {
        if (answer.status() == 201) {
            return answer.header(REPLAYED).map(v -> v.equals("true") ? Kind.REPLAYED : Kind.OTHER).orElse(Kind.EXECUTED);
        }
        if (answer.status() == 409 && answer.body() != null && answer.header("Retry-After").isPresent()
                && DuplicateAnswer.withoutInsignificantWhitespace(answer.body()).equals(IN_FLIGHT_NORMALIZED)) {
            return Kind.IN_FLIGHT;
        }
        return Kind.OTHER;
    }

    /** Registers a key as sent by a user before its calls go out. */
    void expect(String key, long userId) {
        tallies.computeIfAbsent(key, k -> new Tally(userId));
    }

    /** Records one answer; {@code late} for the retry sent after the first answers. Returns its kind. */
    Kind record(String key, boolean late, Answer answer) {
        Kind kind = kind(answer);
        tallies.get(key).add(late, kind, answer);
        return kind;
    }

    int keys() {
        return tallies.size();
    }

    Map<String, Outcome> snapshot() {
        Map<String, Outcome> outcomes = new HashMap<>();
        tallies.forEach((key, tally) -> outcomes.put(key, tally.outcome()));
        return outcomes;
    }

    /** What idempotency_keys holds for the keys with this prefix among these users. */
    static Map<String, List<StoredKey>> rowsOf(Connection database, long[] userIds, String keyPrefix) throws SQLException {
        Map<String, List<StoredKey>> rows = new HashMap<>();
        try (PreparedStatement select = database.prepareStatement("""
                SELECT idempotency_key, user_id, response_status, response_body FROM idempotency_keys
                WHERE user_id = ANY(?) AND starts_with(idempotency_key, ?)
                """)) {
            select.setArray(1, database.createArrayOf("bigint", java.util.Arrays.stream(userIds).boxed().toArray()));
            select.setString(2, keyPrefix);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StoredKey(rs.getLong(2), rs.getInt(3),
                            new String(rs.getBytes(4), StandardCharsets.UTF_8)));
                }
            }
        }
        return rows;
    }

    /** The invariants, apart from any database: answers per key against the stored keys. */
    static List<String> check(Map<String, Outcome> sent, Map<String, List<StoredKey>> rows, int copies) {
        List<String> problems = new ArrayList<>();
        long rowCount = rows.values().stream().mapToLong(List::size).sum();
        if (rowCount != sent.size()) {
            problems.add("idempotency_keys rows for the keys sent: %d, keys sent: %d".formatted(rowCount, sent.size()));
        }
        int reported = 0;
        for (Map.Entry<String, Outcome> entry : sent.entrySet()) {
            String problem = entry.getValue().problemWith(rows.getOrDefault(entry.getKey(), List.of()), copies);
            if (problem != null && reported++ < SAMPLES) {
                problems.add("key " + entry.getKey() + ": " + problem);
            }
        }
        if (reported > SAMPLES) {
            problems.add("... and %d more keys with problems".formatted(reported - SAMPLES));
        }
        rows.keySet().stream().filter(key -> !sent.containsKey(key)).limit(SAMPLES)
                .forEach(key -> problems.add("key " + key + ": stored but never sent"));
        return problems;
    }

    record StoredKey(long userId, int status, String body) {
    }

    /**
     * One key's answers: the bodies of its executions and of its replays (distinct), counts of the
     * first K answers by kind, and the late retry's kind and body (null when none was sent).
     */
    record Outcome(long userId, List<String> executedBodies, Set<String> replayedBodies, Map<Kind, Integer> firstAnswers,
                   Kind late, String lateBody, List<String> others) {

        String problemWith(List<StoredKey> stored, int copies) {
            if (!others.isEmpty()) {
                return others.size() + " answers neither the 201, its replay nor the in-flight 409, e.g. " + others.get(0);
            }
            int first = firstAnswers.values().stream().mapToInt(Integer::intValue).sum();
            if (first != copies) {
                return first + " answers to the " + copies + " concurrent calls";
            }
            if (executedBodies.size() != 1) {
                return executedBodies.size() + " executions (201 without " + REPLAYED + "), expected exactly one";
            }
            String body = executedBodies.get(0);
            if (!replayedBodies.isEmpty() && !replayedBodies.equals(Set.of(body))) {
                return "a replay differs from the first answer: " + replayedBodies.stream().filter(b -> !b.equals(body)).findFirst().orElse("");
            }
            if (late != null && (late != Kind.REPLAYED || !body.equals(lateBody))) {
                return "the retry after the answers was " + late + ", expected the replay of the 201";
            }
            if (stored.size() != 1) {
                return stored.size() + " idempotency_keys rows, expected one";
            }
            StoredKey row = stored.get(0);
            if (row.userId() != userId || row.status() != 201 || !row.body().equals(body)) {
                return "stored as user %d status %d, sent by user %d, answered 201%s".formatted(row.userId(), row.status(), userId,
                        row.body().equals(body) ? "" : ", stored body differs from the answer");
            }
            return null;
        }
    }

    private static final class Tally {
        private final long userId;
        private final List<String> executedBodies = new ArrayList<>(1);
        private final Set<String> replayedBodies = new HashSet<>(1);
        private final Map<Kind, Integer> firstAnswers = new java.util.EnumMap<>(Kind.class);
        private final List<String> others = new ArrayList<>(0);
        private Kind late;
        private String lateBody;

        Tally(long userId) {
            this.userId = userId;
        }

        synchronized void add(boolean isLate, Kind kind, Answer answer) {
            if (isLate) {
                late = kind;
                lateBody = answer.body();
            } else {
                firstAnswers.merge(kind, 1, Integer::sum);
            }
            switch (kind) {
                case EXECUTED -> executedBodies.add(answer.body());
                case REPLAYED -> replayedBodies.add(answer.body());
                case IN_FLIGHT -> {
                }
                case OTHER -> others.add((isLate ? "late retry: " : "") + answer.describe());
            }
        }

        synchronized Outcome outcome() {
            return new Outcome(userId, List.copyOf(executedBodies), Set.copyOf(replayedBodies), Map.copyOf(firstAnswers), late,
                    lateBody, List.copyOf(others));
        }
    }
}
