package dev.scanledger.db;

import java.util.function.Supplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs database work of one {@link WorkKind} in a transaction whose first statement sets that kind's
 * {@code statement_timeout} and {@code lock_timeout} with {@code SET LOCAL} semantics: they end with
 * the transaction, so a pooled connection (or a PgBouncer server connection shared in transaction
 * mode) never keeps them. Inside a caller's transaction (an idempotent request) the work joins it and
 * the limits hold until that transaction ends. A statement over its limit fails with SQLSTATE 57014 or
 * 55P03, which the API answers 503 with Retry-After.
 */
@Component
@EnableConfigurationProperties({DatabaseTimeouts.class, WorkLanes.class})
public class BoundedWork {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final DatabaseTimeouts timeouts;
    private final StatementCanceller canceller;
    private final WorkLanes.Gates lanes;

    BoundedWork(JdbcClient jdbc, PlatformTransactionManager transactions, DatabaseTimeouts timeouts, WorkLanes lanes,
            StatementCanceller canceller) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.timeouts = timeouts;
        this.lanes = lanes.gates();
        this.canceller = canceller;
    }

    /** Work of a kind with one lane for all of it (batch, import, console page). */
    public <T> T run(WorkKind kind, Supplier<T> work) {
        return run(kind, 0, work);
    }

    /**
     * Work in the lane of {@code key} (for {@link WorkKind#CREATE}: the label id). A request already in
     * a transaction holds a connection, so it does not wait for a lane: it is refused at once.
     */
    public <T> T run(WorkKind kind, long key, Supplier<T> work) {
        canceller.refuseIfClosing();
        boolean holdsConnection = TransactionSynchronizationManager.isActualTransactionActive();
        WorkLanes.Lane lane = lanes.enter(kind, key, !holdsConnection);
        try {
            if (holdsConnection) {
                // Joined without a template of its own: a failure is the caller's to handle (under a
                // savepoint, say), not a reason to mark the caller's whole transaction rollback-only.
                limit(kind);
                return work.get();
            }
            return transaction.execute(status -> {
                limit(kind);
                return work.get();
            });
        } finally {
            lane.leave();
        }
    }

    private void limit(WorkKind kind) {
        DatabaseTimeouts.Limits limits = timeouts.of(kind);
        jdbc.sql("SELECT set_config('statement_timeout', :statement, true), set_config('lock_timeout', :lock, true)")
                .param("statement", limits.statement().toMillis() + "ms")
                .param("lock", limits.lock().toMillis() + "ms")
                .query((rs, n) -> n)
                .list();
    }
}
