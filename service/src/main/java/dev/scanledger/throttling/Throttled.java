package dev.scanledger.throttling;

import java.time.Duration;

/** DRF's Throttled: 429 {"detail": "Request was throttled. Expected available in N seconds."}, Retry-After: N. */
public final class Throttled extends RuntimeException {

    private final long waitSeconds;

    public Throttled(Duration wait) {
        super(null, null, false, false);
        // DRF rounds the wait up (math.ceil); a wait under a second still says 1.
        this.waitSeconds = Math.max(1, (wait.toNanos() + 999_999_999L) / 1_000_000_000L);
    }

    public long waitSeconds() {
        return waitSeconds;
    }

    /** DRF's words, singular for one second (ngettext). */
    public String detail() {
        return "Request was throttled. Expected available in " + waitSeconds + (waitSeconds == 1 ? " second." : " seconds.");
    }
}
