package dev.scanledger.scans;

import java.sql.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How many scans a user has, exactly, in a time that does not grow with their history: the counts the
 * database keeps in {@code scan_counts} plus the changes its trigger appended since the last fold
 * (migration V9). The fold runs every {@code scanledger.scan-counts.fold-interval} on every instance;
 * an advisory lock lets one fold at a time do the work and the others skip their turn.
 */
@Component
class ScanCounts {

    private static final Logger log = LoggerFactory.getLogger(ScanCounts.class);
    /** Two-key advisory lock (its own key space, apart from the idempotency locks' single 64-bit keys). */
    private static final int LOCK_CLASS = 0x5CA9;
    private static final int FOLD_LOCK = 1;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final int batchSize;

    ScanCounts(JdbcClient jdbc, TransactionTemplate transaction, @Value("${scanledger.scan-counts.fold-batch-size}") int batchSize) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.batchSize = batchSize;
    }

    /** The user's scans, of one phase or (null) of all. One statement: one snapshot for both parts. */
    long of(long userId, Integer phase) {
        return jdbc.sql("""
                SELECT coalesce((SELECT sum(scans) FROM scan_counts
                                 WHERE user_id = :user AND (CAST(:phase AS smallint) IS NULL OR phase = :phase)), 0)
                     + coalesce((SELECT sum(change) FROM scan_count_changes
                                 WHERE user_id = :user AND (CAST(:phase AS smallint) IS NULL OR phase = :phase)), 0)
                """)
                .param("user", userId)
                .param("phase", phase, Types.SMALLINT)
                .query(Long.class)
                .single();
    }

    @Scheduled(fixedDelayString = "${scanledger.scan-counts.fold-interval}", initialDelayString = "${scanledger.scan-counts.fold-interval}")
    void foldOnSchedule() {
        try {
            fold();
        } catch (DataAccessException e) {
            // A user deleted while their changes were folded fails the statement; it all rolls back and the next run retries.
            log.warn("Folding scan count changes failed, retried at the next run: {}", e.getMessage());
        }
    }

    /**
     * Moves appended changes into the counts, {@code batchSize} at a time, each batch one statement
     * that deletes the changes and adds them up, so a concurrent count sees them on one side or the
     * other, never both or neither. Returns the changes folded; 0 also when another fold holds the lock.
     */
    int fold() {
        int total = 0;
        int folded;
        do {
            folded = foldBatch();
            total += folded;
        } while (folded == batchSize);
        return total;
    }

    private int foldBatch() {
        Integer folded = transaction.execute(status -> {
            boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(:class, :lock)")
                    .param("class", LOCK_CLASS).param("lock", FOLD_LOCK)
                    .query(Boolean.class).single();
            if (!locked) {
                return 0;
            }
            // A lost fold loses nothing: its deletion and its sums are one transaction, and the changes stay.
            jdbc.sql("SET LOCAL synchronous_commit = off").update();
            return jdbc.sql("""
                    WITH moved AS (
                        DELETE FROM scan_count_changes
                        WHERE ctid = ANY (ARRAY(SELECT ctid FROM scan_count_changes LIMIT :batch))
                        RETURNING user_id, phase, change),
                    summed AS (
                        SELECT user_id, phase, sum(change) AS change, count(*) AS changes FROM moved GROUP BY user_id, phase),
                    added AS (
                        INSERT INTO scan_counts AS c (user_id, phase, scans)
                        SELECT s.user_id, s.phase, s.change FROM summed s
                        WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)
                        ORDER BY s.user_id, s.phase
                        ON CONFLICT ON CONSTRAINT scan_counts_pkey DO UPDATE SET scans = c.scans + excluded.scans)
                    SELECT coalesce(sum(changes), 0) FROM summed
                    """)
                    .param("batch", batchSize)
                    .query(Integer.class)
                    .single();
        });
        return folded == null ? 0 : folded;
    }
}
