package dev.scanledger.db;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bulkheads for database work: each {@link WorkKind} may hold only so many pooled connections at once
 * ({@code scanledger.db.lanes.<kind>.permits}), and creates only so many per label, so requests held
 * up by locked rows (of one label, or a batch stuck behind one) cannot take every connection and
 * starve the rest. Beyond the permits a few may wait ({@code max-waiting}, up to {@code max-wait});
 * beyond that, or already holding a connection in a caller's transaction, the work is refused at once
 * with {@link LaneFullException} (503 with Retry-After).
 */
@ConfigurationProperties("scanledger.db")
public record WorkLanes(Map<WorkKind, Limits> lanes) {

    /** Stripes of the per-label lanes: two labels in one stripe share its permits. */
    private static final int STRIPES = 256;

    public record Limits(int permits, int maxWaiting, Duration maxWait) {
    }

    public WorkLanes {
        Map<WorkKind, Limits> complete = new EnumMap<>(WorkKind.class);
        if (lanes != null) {
            complete.putAll(lanes);
        }
        for (WorkKind kind : WorkKind.values()) {
            Limits limits = complete.get(kind);
            if (limits == null || limits.permits() < 1 || limits.maxWait() == null) {
                throw new IllegalArgumentException("scanledger.db.lanes." + kind.name().toLowerCase().replace('_', '-')
                        + ".permits (at least 1), .max-waiting and .max-wait must be set");
            }
        }
        lanes = Map.copyOf(complete);
    }

    /** The lanes themselves, built once from the limits. */
    Gates gates() {
        return new Gates(this);
    }

    static final class Gates {
        private final Map<WorkKind, Lane[]> lanes = new EnumMap<>(WorkKind.class);

        private Gates(WorkLanes settings) {
            settings.lanes().forEach((kind, limits) -> {
                Lane[] stripes = new Lane[kind == WorkKind.CREATE ? STRIPES : 1];
                for (int i = 0; i < stripes.length; i++) {
                    stripes[i] = new Lane(limits);
                }
                lanes.put(kind, stripes);
            });
        }

        /** Takes a permit of the kind's lane (for creates: the label's), or throws {@link LaneFullException}. */
        Lane enter(WorkKind kind, long key, boolean mayWait) {
            Lane[] stripes = lanes.get(kind);
            Lane lane = stripes[Math.floorMod(Long.hashCode(key * 0x9E3779B97F4A7C15L), stripes.length)];
            lane.enter(mayWait);
            return lane;
        }
    }

    static final class Lane {
        private final Semaphore permits;
        private final AtomicInteger waiting = new AtomicInteger();
        private final Limits limits;

        private Lane(Limits limits) {
            this.limits = limits;
            this.permits = new Semaphore(limits.permits(), true);
        }

        private void enter(boolean mayWait) {
            try {
                // Timed even with no wait: the untimed tryAcquire takes a freed permit ahead of those waiting for it.
                if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (!mayWait || waiting.incrementAndGet() > limits.maxWaiting()) {
                    if (mayWait) {
                        waiting.decrementAndGet();
                    }
                    throw new LaneFullException();
                }
                try {
                    if (!permits.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new LaneFullException();
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaneFullException();
            }
        }

        void leave() {
            permits.release();
        }
    }

    /** Too much of this kind of work at once: shed with 503 and Retry-After, nothing was written. */
    public static final class LaneFullException extends RuntimeException {
        LaneFullException() {
            super("too much work of this kind at once", null, false, false);
        }
    }
}
