package dev.scanledger.scans;

/**
 * What the scan write paths report to the features that watch them (the console's live feed, the
 * log of rejected duplicates, metrics). Called on the request's thread: an implementation must only
 * hand the event on (a counter, a bounded queue), never do I/O.
 */
public interface ScanListener {

    /** A scan was written, once its transaction (if any) has committed. */
    default void created(ScanEndpoint endpoint, long scanId) {
    }

    /** A scan was refused because its (label, phase) is taken. */
    default void rejectedDuplicate(RejectedScan scan) {
    }

    /** The outcome of a batch's items. */
    default void batchItems(int created, int duplicates, int invalid) {
    }
}
