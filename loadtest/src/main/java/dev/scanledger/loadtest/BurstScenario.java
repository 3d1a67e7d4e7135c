package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the app does on a flaky network and what broke the old system: the same scan sent K times at
 * once. Each volley is K identical calls for a new (label, phase) from one driver (drivers in turn),
 * spread over the service instances. Exactly one must answer 201, the other K-1 the duplicate 400.
 *
 * <p>Its baseline, {@link #distinct}: K different new pairs sent at once the same way, each answered
 * 201. Both keep each volley's first answer apart from the rest ({@link AnswerOrder}), so what a
 * duplicate adds can be told from what waiting behind the first answer costs any call.
 */
final class BurstScenario implements Scenario {

    private final ScanRequests requests;
    private final int burstSize;
    private final boolean distinct;
    private final PairLedger ledger = new PairLedger();
    private final AnswerOrder order = new AnswerOrder();
    private final AtomicLong sequence = new AtomicLong();
    private LoadWorld world;
    private long[] labels;
    private long bursts;

    /** One call of a volley: the pair it sends and the volley it belongs to. */
    private record Sent(ScanPair pair, AnswerOrder.Volley volley) {
    }

    private BurstScenario(ScanRequests requests, int burstSize, boolean distinct) {
        if (burstSize < 2) {
            throw new IllegalArgumentException("a burst needs at least 2 calls");
        }
        this.requests = requests;
        this.burstSize = burstSize;
        this.distinct = distinct;
    }

    /** K identical creates at once. */
    static BurstScenario identical(ScanRequests requests, int burstSize) {
        return new BurstScenario(requests, burstSize, false);
    }

    /** K creates of different pairs at once. */
    static BurstScenario distinct(ScanRequests requests, int burstSize) {
        return new BurstScenario(requests, burstSize, true);
    }

    @Override
    public String name() {
        return distinct ? "volley" : "burst";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.bursts = Math.max(1, limits.maxRequests() / burstSize);
        long pairs = distinct ? bursts * burstSize : bursts;
        this.labels = world.freshLabels(Math.toIntExact((pairs + Phases.COUNT - 1) / Phases.COUNT));
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = sequence.getAndIncrement();
        if (n >= bursts) {
            return Optional.empty();
        }
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        AnswerOrder.Volley answers = new AnswerOrder.Volley(burstSize);
        List<Call> volley = new ArrayList<>(burstSize);
        for (int i = 0; i < burstSize; i++) {
            ScanPair pair = Phases.pair(labels, distinct ? n * burstSize + i : n);
            if (distinct || i == 0) {
                ledger.expect(pair);
            }
            volley.add(new Call(requests.createScan(i, driver, pair.json(world.distribution(), world.store())), new Sent(pair, answers)));
        }
        return Optional.of(volley);
    }

    @Override
    public void record(Call call, Answer answer) {
        Sent sent = (Sent) call.subject();
        ledger.record(sent.pair(), answer);
        order.record(sent.volley(), answer);
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = ledger.verify(database);
        int answersPerPair = distinct ? 1 : burstSize;
        long incomplete = ledger.snapshot().values().stream()
                .filter(o -> o.createdIds().size() + o.duplicates() + o.unexpected() != answersPerPair).count();
        if (incomplete > 0) {
            problems.add(incomplete + " pairs without " + answersPerPair + " answers");
        }
        if (distinct) {
            long refused = ledger.snapshot().values().stream().filter(o -> o.duplicates() > 0).count();
            if (refused > 0) {
                problems.add(refused + " new pairs refused as duplicates");
            }
        }
        return problems;
    }

    @Override
    public long writes() {
        return ledger.pairs();
    }

    @Override
    public Map<String, Latencies> latencyGroups() {
        return order.groups();
    }
}
