package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warms a fresh service up until its CPU per request settles: creates, then reads, in windows of
 * {@link #WINDOW}, until at least {@link #MIN_CREATES} creates were served (the JIT compiles by
 * invocation counts, not by time) and one window's service CPU per create is within {@link #SETTLED} of
 * the one before, at most {@link #MAX_WINDOWS} windows. A fixed warm-up is too short on a busy machine,
 * where the JIT competes for the same cores, and its compilation would count against the first steps.
 */
final class WarmUp {

    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final double SETTLED = 0.10;
    private static final int MAX_WINDOWS = 24;
    private static final long MIN_CREATES = 40_000;
    private static final long MIN_READS = 20_000;

    private WarmUp() {
    }

    /** Returns the problems seen (wrong answers during the warm-up count as much as later). */
    static List<String> untilSettled(URI base, LoadWorld world, CpuMeter cpu, Path work, PrintStream out) throws Exception {
        List<String> problems = new ArrayList<>();
        double previous = Double.NaN;
        long served = 0;
        for (int window = 1; window <= MAX_WINDOWS; window++) {
            CpuTime started = cpu.now();
            WrkRun.Result creates = WrkRun.creates(base, world, 16, WINDOW, work);
            problems.addAll(creates.problems());
            served += creates.requests();
            double perRequest = 1000 * cpu.since(started).service() / Math.max(1, creates.requests());
            out.printf("warm-up window %d: %.0f creates/s, service %.3f ms per create%n", window, creates.perSecond(), perRequest);
            if (served >= MIN_CREATES && Math.abs(perRequest - previous) <= SETTLED * previous) {
                break;
            }
            previous = perRequest;
        }
        List<Map.Entry<String, String>> reads = new ArrayList<>();
        for (LoadWorld.Driver driver : world.drivers()) {
            reads.add(Map.entry(driver.token(), "/api/scans/?page=1"));
            reads.add(Map.entry(driver.token(), "/api/scans/?ordering=-created_date"));
        }
        long read = 0;
        for (int window = 1; window <= MAX_WINDOWS && read < MIN_READS; window++) {
            WrkRun.Result result = WrkRun.gets("warm-up reads", base, reads, 16, WINDOW, work);
            problems.addAll(result.problems());
            read += result.requests();
        }
        return problems;
    }
}
