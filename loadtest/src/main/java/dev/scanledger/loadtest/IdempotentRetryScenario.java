package dev.scanledger.loadtest;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scanner retrying after lost responses: each volley is the same scan sent K times at once with the
 * same {@code Idempotency-Key} (a new key and pair per volley, drivers in turn, spread over the
 * instances), and, unless turned off, one more retry of that key in the client's next volley, after all
 * K answers arrived. Exactly one call per key may execute (201); the others must be its replay (201,
 * {@code Idempotent-Replayed: true}, byte-identical body) or the in-flight 409 with {@code Retry-After};
 * the late retry must be the replay. The database must hold one scan per key and one
 * {@code idempotency_keys} row per key.
 */
final class IdempotentRetryScenario implements Scenario {

    private final ScanRequests requests;
    private final int copies;
    private final boolean lateRetry;
    private final PairLedger ledger = new PairLedger();
    private final KeyLedger keys = new KeyLedger();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<KeyLedger.Kind, AtomicLong> firstKinds = new EnumMap<>(KeyLedger.Kind.class);
    private final Map<KeyLedger.Kind, AtomicLong> lateKinds = new EnumMap<>(KeyLedger.Kind.class);
    /** Each client is one thread; its late retry goes out with its next volley, after the previous one's answers. */
    private final ThreadLocal<Call> pendingLateRetry = new ThreadLocal<>();
    private LoadWorld world;
    private String keyPrefix;
    private long[] labels;
    private long volleys;

    private record Attempt(String key, ScanPair pair, boolean late) {
    }

    IdempotentRetryScenario(ScanRequests requests, int copies, boolean lateRetry) {
        if (copies < 2) {
            throw new IllegalArgumentException("idempotent retries need at least 2 calls per key (--burst)");
        }
        this.requests = requests;
        this.copies = copies;
        this.lateRetry = lateRetry;
        for (KeyLedger.Kind kind : KeyLedger.Kind.values()) {
            firstKinds.put(kind, new AtomicLong());
            lateKinds.put(kind, new AtomicLong());
        }
    }

    @Override
    public String name() {
        return "idempotent";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        // Unique to this scenario run, so that verification finds exactly its keys among the run's users.
        this.keyPrefix = world.runId() + "-idem" + HexFormat.of().formatHex(random) + "-";
        this.volleys = Math.max(1, limits.maxRequests() / (copies + (lateRetry ? 1 : 0)));
        this.labels = world.freshLabels(Math.toIntExact((volleys + Phases.COUNT - 1) / Phases.COUNT));
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        Call late = pendingLateRetry.get();
        pendingLateRetry.remove();
        long n = sequence.getAndIncrement();
        if (n >= volleys) {
            return late == null ? Optional.empty() : Optional.of(List.of(late));
        }
        ScanPair pair = Phases.pair(labels, n);
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        String key = keyPrefix + n;
        String json = pair.json(world.distribution(), world.store());
        ledger.expect(pair);
        keys.expect(key, driver.id());
        List<Call> volley = new ArrayList<>(copies + 1);
        for (int i = 0; i < copies; i++) {
            volley.add(new Call(requests.createScan(n + i, driver, json, key), new Attempt(key, pair, false)));
        }
        if (late != null) {
            volley.add(late);
        }
        if (lateRetry) {
            pendingLateRetry.set(new Call(requests.createScan(n + copies, driver, json, key), new Attempt(key, pair, true)));
        }
        return Optional.of(volley);
    }

    @Override
    public void record(Call call, Answer answer) {
        Attempt attempt = (Attempt) call.subject();
        KeyLedger.Kind kind = keys.record(attempt.key(), attempt.late(), answer);
        (attempt.late() ? lateKinds : firstKinds).get(kind).incrementAndGet();
        // The scan itself: the execution created it; replays and 409s wrote nothing and are no creates.
        if (kind == KeyLedger.Kind.EXECUTED) {
            ledger.record(attempt.pair(), answer);
        } else if (kind == KeyLedger.Kind.OTHER) {
            ledger.unexpected(attempt.pair(), (attempt.late() ? "late retry: " : "") + answer.describe());
        }
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = ledger.verify(database);
        long[] users = world.drivers().stream().mapToLong(LoadWorld.Driver::id).toArray();
        problems.addAll(KeyLedger.check(keys.snapshot(), KeyLedger.rowsOf(database, users, keyPrefix), copies));
        return problems;
    }

    /** Scans written: one per key. */
    @Override
    public long writes() {
        return ledger.pairs();
    }

    @Override
    public Map<String, Long> tallies() {
        Map<String, Long> tallies = new LinkedHashMap<>();
        tallies.put("keys", (long) keys.keys());
        tallies.put("201 executed", firstKinds.get(KeyLedger.Kind.EXECUTED).get());
        tallies.put("201 replayed", firstKinds.get(KeyLedger.Kind.REPLAYED).get());
        tallies.put("409 in flight", firstKinds.get(KeyLedger.Kind.IN_FLIGHT).get());
        tallies.put("other", firstKinds.get(KeyLedger.Kind.OTHER).get());
        if (lateRetry) {
            tallies.put("late retries", lateKinds.values().stream().mapToLong(AtomicLong::get).sum());
            tallies.put("late retries replayed", lateKinds.get(KeyLedger.Kind.REPLAYED).get());
        }
        return tallies;
    }
}
