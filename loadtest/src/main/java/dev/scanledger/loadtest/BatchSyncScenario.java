package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch sync of offline scanners: each volley is one {@code POST /api/scans/batch/} carrying N scans.
 * Most items are new pairs; a share of them ({@code overlap}) repeat a pair sent before, half from an
 * earlier item of the same batch and half from the batches sent just before by any client (mostly still
 * in flight), as phones that scanned the same goods and sync at once. The service must answer 200 with
 * one result per item: exactly one {@code created} per distinct pair across all answers, every other
 * item for it {@code duplicate} naming the id of that scan, no {@code invalid}; and the database must
 * hold exactly the created rows. Throughput counts rows (distinct pairs), not calls.
 */
final class BatchSyncScenario implements Scenario {

    static final int MAX_BATCH = 1000;
    /** Labels are inserted before the clock for at most this many pairs; a longer run adds more as it goes. */
    private static final long PREPARED_PAIRS = 200_000;
    private static final int MORE_LABELS = 25_000;

    private final ScanRequests requests;
    private final int batchSize;
    private final double overlap;
    private final PairLedger ledger = new PairLedger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong itemsSent = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private LoadWorld world;
    private long maxCalls;

    // Guarded by this: the fresh pairs handed out so far and the recent ones repeats are drawn from.
    private final Random random = new Random();
    private long[] labels;
    private long nextFresh;
    private ScanPair[] recent;
    private int recentCount;
    private int recentNext;
    private long repeatsWithin;
    private long repeatsAcross;

    BatchSyncScenario(ScanRequests requests, int batchSize, double overlap) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("--batch-size must be 1 to " + MAX_BATCH + " (the endpoint's limit)");
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("--overlap must be at least 0 and below 1");
        }
        this.requests = requests;
        this.batchSize = batchSize;
        this.overlap = overlap;
    }

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.maxCalls = limits.maxRequests();
        long pairs = Math.min(PREPARED_PAIRS, Math.multiplyExact(limits.maxRequests(), (long) batchSize));
        this.labels = world.freshLabels(Math.toIntExact((pairs + Phases.COUNT - 1) / Phases.COUNT));
        // About the batches of every client in flight: repeats across batches race with their first send.
        this.recent = new ScanPair[Math.max(64, batchSize * limits.clients())];
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = calls.getAndIncrement();
        if (n >= maxCalls) {
            return Optional.empty();
        }
        List<ScanPair> pairs = compose();
        StringBuilder json = new StringBuilder(batchSize * 110).append('[');
        for (ScanPair pair : pairs) {
            ledger.expect(pair);
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(pair.json(world.distribution(), world.store()));
        }
        json.append(']');
        itemsSent.addAndGet(pairs.size());
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        return Optional.of(List.of(new Call(requests.batch(n, driver, json.toString()), pairs)));
    }

    /** One batch's pairs: fresh ones, and repeats of earlier items or of recent batches. */
    private synchronized List<ScanPair> compose() {
        List<ScanPair> pairs = new ArrayList<>(batchSize);
        List<ScanPair> fresh = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            if (random.nextDouble() < overlap) {
                boolean within = !pairs.isEmpty() && (recentCount == 0 || random.nextBoolean());
                if (within) {
                    pairs.add(pairs.get(random.nextInt(pairs.size())));
                    repeatsWithin++;
                    continue;
                }
                if (recentCount > 0) {
                    pairs.add(recent[random.nextInt(recentCount)]);
                    repeatsAcross++;
                    continue;
                }
            }
            ScanPair pair = fresh();
            pairs.add(pair);
            fresh.add(pair);
        }
        // Added after the batch is composed, so that a repeat "across" always names another batch.
        for (ScanPair pair : fresh) {
            recent[recentNext] = pair;
            recentNext = (recentNext + 1) % recent.length;
            recentCount = Math.min(recentCount + 1, recent.length);
        }
        return pairs;
    }

    private ScanPair fresh() {
        long n = nextFresh++;
        if (n / Phases.COUNT >= labels.length) {
            try {
                long[] more = world.freshLabels(MORE_LABELS);
                long[] all = Arrays.copyOf(labels, labels.length + more.length);
                System.arraycopy(more, 0, all, labels.length, more.length);
                labels = all;
            } catch (SQLException e) {
                throw new IllegalStateException("could not create more labels", e);
            }
        }
        return Phases.pair(labels, n);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void record(Call call, Answer answer) {
        List<ScanPair> sent = (List<ScanPair>) call.subject();
        List<BatchAnswer.Item> items = BatchAnswer.judge(answer, sent);
        for (BatchAnswer.Item item : items) {
            (item instanceof BatchAnswer.Created ? created : item instanceof BatchAnswer.Duplicate ? duplicates : wrong).incrementAndGet();
        }
        BatchAnswer.record(ledger, sent, items);
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = ledger.verify(database);
        long answered = created.get() + duplicates.get() + wrong.get();
        if (answered != itemsSent.get()) {
            problems.add("%d items sent, %d judged".formatted(itemsSent.get(), answered));
        }
        return problems;
    }

    /** Rows written: one per distinct pair sent (verified). */
    @Override
    public long writes() {
        return ledger.pairs();
    }

    @Override
    public synchronized Map<String, Long> tallies() {
        Map<String, Long> tallies = new LinkedHashMap<>();
        tallies.put("items", itemsSent.get());
        tallies.put("created", created.get());
        tallies.put("duplicate", duplicates.get());
        tallies.put("other", wrong.get());
        tallies.put("repeats within a batch", repeatsWithin);
        tallies.put("repeats of recent batches", repeatsAcross);
        return tallies;
    }
}
