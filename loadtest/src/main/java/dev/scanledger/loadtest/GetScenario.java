package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Reads planned before the clock: a list of GETs, each with a pattern its 200 answer must contain
 * (the id asked for, the count the list must show), sent round and round, the calls spread over the
 * plan. The data-size steps use it for lists, retrieves and journeys of data that nothing writes
 * while they run.
 */
final class GetScenario implements Scenario {

    /** One planned GET: its driver, path with query, and what the answer must show. */
    record Planned(LoadWorld.Driver driver, String pathAndQuery, Pattern expected) {
    }

    /** Builds the plan when the scenario is prepared (the database has what the reads need by then). */
    interface Plan {
        List<Planned> build(LoadWorld world) throws SQLException;
    }

    private static final int SAMPLES = 5;

    private final String name;
    private final ScanRequests requests;
    private final Plan plan;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger wrong = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> wrongSamples = new ConcurrentLinkedQueue<>();
    private List<Planned> calls;
    private long maxRequests;

    GetScenario(String name, ScanRequests requests, Plan plan) {
        this.name = name;
        this.requests = requests;
        this.plan = plan;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.calls = List.copyOf(plan.build(world));
        if (calls.isEmpty()) {
            throw new IllegalStateException(name + ": nothing to read");
        }
        this.maxRequests = limits.maxRequests();
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = sequence.getAndIncrement();
        if (n >= maxRequests) {
            return Optional.empty();
        }
        // A stride prime to the plan's size: consecutive calls go to different drivers and rows.
        Planned planned = calls.get((int) Math.floorMod(n * 7919, (long) calls.size()));
        return Optional.of(List.of(new Call(requests.get(n, planned.driver(), planned.pathAndQuery()), planned)));
    }

    @Override
    public void record(Call call, Answer answer) {
        Planned planned = (Planned) call.subject();
        if (answer.status() != 200 || !planned.expected().matcher(answer.body()).find()) {
            if (wrong.incrementAndGet() <= SAMPLES) {
                wrongSamples.add(planned.pathAndQuery() + " -> " + answer.describe());
            }
        }
    }

    @Override
    public List<String> verify(Connection database) {
        List<String> problems = new ArrayList<>(wrongSamples.stream().map(s -> "wrong answer: " + s).toList());
        if (wrong.get() > SAMPLES) {
            problems.add("... and %d more wrong answers".formatted(wrong.get() - SAMPLES));
        }
        return problems;
    }
}
