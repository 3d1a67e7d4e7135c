package dev.scanledger.scans;

import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Hands the write paths' outcomes to every {@link ScanListener}; a scan counts as created once it is committed. */
@Component
class ScanEvents {

    private final List<ScanListener> listeners;

    ScanEvents(ObjectProvider<ScanListener> listeners) {
        this.listeners = listeners.orderedStream().toList();
    }

    void created(ScanEndpoint endpoint, long scanId) {
        if (listeners.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announceCreated(endpoint, scanId);
                }
            });
        } else {
            announceCreated(endpoint, scanId);
        }
    }

    private void announceCreated(ScanEndpoint endpoint, long scanId) {
        for (ScanListener listener : listeners) {
            listener.created(endpoint, scanId);
        }
    }

    void rejectedDuplicate(ScanEndpoint endpoint, long userId, NewScan scan, Long winnerScanId) {
        if (listeners.isEmpty()) {
            return;
        }
        RejectedScan rejected = new RejectedScan(Instant.now(), endpoint, userId, scan.label(), scan.phase(),
                scan.distribution(), scan.store(), winnerScanId);
        for (ScanListener listener : listeners) {
            listener.rejectedDuplicate(rejected);
        }
    }

    void batchItems(int created, int duplicates, int invalid) {
        for (ScanListener listener : listeners) {
            listener.batchItems(created, duplicates, invalid);
        }
    }
}
