package dev.scanledger.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies overall and per HTTP status (0 = no answer), and the wall-clock time of a run. */
public final class Measurement {

    private final Latencies all = new Latencies();
    private final Map<Integer, Latencies> byStatus = new TreeMap<>();
    private final AtomicLong serverErrors = new AtomicLong();
    private final java.util.List<Throwable> clientFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long elapsedNanos;
    private long connectionsOpened;

    /** A client that died stops sending; the run must not pass as if it had finished. */
    void clientFailed(Throwable failure) {
        clientFailures.add(failure);
    }

    public java.util.List<Throwable> clientFailures() {
        return clientFailures;
    }

    void record(int status, long latencyNanos) {
        all.add(latencyNanos);
        Latencies forStatus;
        synchronized (byStatus) {
            forStatus = byStatus.computeIfAbsent(status, s -> new Latencies());
        }
        forStatus.add(latencyNanos);
        if (status >= 500) {
            serverErrors.incrementAndGet();
        }
    }

    void connectionsOpened(long count) {
        this.connectionsOpened = count;
    }

    /** TCP connections the clients opened during the run (keep-alive reuses them; a closed one is opened again). */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    void finish(long elapsedNanos) {
        this.elapsedNanos = elapsedNanos;
    }

    public Latencies all() {
        return all;
    }

    public Latencies status(int status) {
        synchronized (byStatus) {
            return byStatus.getOrDefault(status, new Latencies());
        }
    }

    public Map<Integer, Latencies> byStatus() {
        synchronized (byStatus) {
            return new TreeMap<>(byStatus);
        }
    }

    public long requests() {
        return all.count();
    }

    public long serverErrors() {
        return serverErrors.get();
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double perSecond(long count) {
        return elapsedNanos == 0 ? 0 : count / seconds();
    }
}
