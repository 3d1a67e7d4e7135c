package dev.scanledger.loadtest;

import java.time.Duration;

/** Bounds of one run: it stops at whichever comes first. */
public record RunLimits(int clients, long maxRequests, Duration maxDuration) {

    public RunLimits {
        if (clients < 1 || maxRequests < 1 || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("clients, requests and duration must be positive");
        }
    }
}
