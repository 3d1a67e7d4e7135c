package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Plain creates: every call a new (label, phase), one call per volley, drivers in turn. Every answer must be 201. */
final class CreateScenario implements Scenario {

    private final ScanRequests requests;
    private final PairLedger ledger = new PairLedger();
    private final AtomicLong sequence = new AtomicLong();
    private LoadWorld world;
    private long[] labels;
    private long pairs;

    CreateScenario(ScanRequests requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "create";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.labels = world.freshLabels(Math.toIntExact((limits.maxRequests() + Phases.COUNT - 1) / Phases.COUNT));
        this.pairs = limits.maxRequests();
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = sequence.getAndIncrement();
        if (n >= pairs) {
            return Optional.empty();
        }
        ScanPair pair = Phases.pair(labels, n);
        LoadWorld.Driver driver = world.drivers().get((int) (n % world.drivers().size()));
        ledger.expect(pair);
        return Optional.of(List.of(new Call(requests.createScan(n, driver, pair.json(world.distribution(), world.store())), pair)));
    }

    @Override
    public void record(Call call, Answer answer) {
        ledger.record((ScanPair) call.subject(), answer);
    }

    @Override
    public List<String> verify(Connection database) throws SQLException {
        List<String> problems = ledger.verify(database);
        ledger.snapshot().values().stream().filter(o -> o.duplicates() > 0).findAny()
                .ifPresent(o -> problems.add("a duplicate 400 where every pair was new"));
        return problems;
    }

    @Override
    public long writes() {
        return ledger.pairs();
    }
}
