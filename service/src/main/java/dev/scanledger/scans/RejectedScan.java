package dev.scanledger.scans;

import java.time.Instant;

/**
 * A scan refused as a duplicate: who sent which (label, phase), and the scan that had it, when the
 * write path knows it ({@code winnerScanId} null otherwise: it is found by its (label, phase)).
 */
public record RejectedScan(Instant at, ScanEndpoint endpoint, long userId, long labelId, int phase,
        Long distributionId, Long storeId, Long winnerScanId) {
}
