package dev.scanledger.loadtest;

import java.util.Arrays;

/**
 * Every latency of a run, kept exactly: runs are bounded by request count, so a sorted array is
 * small enough and gives true percentiles where a bucketed histogram would round them.
 */
public final class Latencies {

    private long[] nanos = new long[1024];
    private int count;
    private boolean sorted = true;

    public synchronized void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
        sorted = false;
    }

    public synchronized void addAll(Latencies other) {
        long[] theirs;
        int theirCount;
        synchronized (other) {
            theirs = other.nanos;
            theirCount = other.count;
        }
        for (int i = 0; i < theirCount; i++) {
            add(theirs[i]);
        }
    }

    public synchronized int count() {
        return count;
    }

    /** Nearest-rank percentile in milliseconds: the smallest latency that {@code percent}% of calls did not exceed. */
    public synchronized double percentileMillis(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(nanos, 0, count);
            sorted = true;
        }
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return nanos[Math.min(Math.max(rank, 1), count) - 1] / 1_000_000.0;
    }

    public double maxMillis() {
        return percentileMillis(100);
    }
}
