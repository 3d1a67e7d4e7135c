package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the app does on a flaky network and what broke the old system: the same scan sent K times at
 * once. Each volley is K identical calls for a new (label, phase) from one driver (drivers in turn),
 * spread over the service instances. Exactly one must answer 201, the other K-1 the duplicate 400.
 */
final class BurstScenario implements Scenario {

    private final ScanRequests requests;
    private final int burstSize;
    private final PairLedger ledger = new PairLedger();
    private final AtomicLong sequence = new AtomicLong();
    private LoadWorld world;
    private long[] labels;
    private long bursts;

    BurstScenario(ScanRequests requests, int burstSize) {
        if (burstSize < 2) {
            throw new IllegalArgumentException("a burst needs at least 2 identical calls");
        }
        this.requests = requests;
        this.burstSize = burstSize;
    }

    @Override
    public String name() {
        return "burst";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.bursts = Math.max(1, limits.maxRequests() / burstSize);
        this.labels = world.freshLabels(Math.toIntExact((bursts + Phases.COUNT - 1) / Phases.COUNT));
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = sequence.getAndIncrement();
        if (n >= bursts) {
            return Optional.empty();
        }
        ScanPair pair = Phases.pair(labels, n);
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        String json = pair.json(world.distribution(), world.store());
        ledger.expect(pair);
        List<Call> volley = new ArrayList<>(burstSize);
        for (int i = 0; i < burstSize; i++) {
            volley.add(new Call(requests.createScan(i, driver, json), pair));
        }
        return Optional.of(volley);
    }

    @Override
    public void record(Call call, Answer answer) {
        ledger.record((ScanPair) call.subject(), answer);
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = ledger.verify(database);
        long incomplete = ledger.snapshot().values().stream()
                .filter(o -> o.createdIds().size() + o.duplicates() + o.unexpected() != burstSize).count();
        if (incomplete > 0) {
            problems.add(incomplete + " bursts without " + burstSize + " answers");
        }
        return problems;
    }

    @Override
    public long writes() {
        return ledger.pairs();
    }
}
