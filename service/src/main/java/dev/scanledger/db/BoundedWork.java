package dev.scanledger.db;

import java.sql.ResultSet;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
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

    private static final Logger log = LoggerFactory.getLogger(BoundedWork.class);
    private static final TransactionDefinition READ_ONLY = readOnly();
    private static final String LIMITS = "SELECT set_config('statement_timeout', :statement, true), set_config('lock_timeout', :lock, true)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations namedJdbc;
    private final PlatformTransactionManager transactions;
    private final TransactionTemplate transaction;
    private final DatabaseTimeouts timeouts;
    private final StatementCanceller canceller;
    private final WorkLanes.Gates lanes;

    BoundedWork(JdbcClient jdbc, NamedParameterJdbcOperations namedJdbc, PlatformTransactionManager transactions, DatabaseTimeouts timeouts,
            WorkLanes lanes, StatementCanceller canceller) {
        this.jdbc = jdbc;
        this.namedJdbc = namedJdbc;
        this.transactions = transactions;
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

    /**
     * One statement of {@code kind} in the lane of {@code key}, under the kind's limits, its rows mapped
     * by {@code rows}. Without a caller's transaction, the limits' {@code set_config} and the statement go
     * to PostgreSQL in one round trip, in autocommit: the statements of one extended-protocol exchange
     * (up to its Sync) run in one implicit transaction, so the limits hold for the statement, end with
     * it, and the statement commits (durably) before the answer comes back. {@link #run} takes three
     * round trips for the same work (BEGIN with the limits, the statement, COMMIT). Inside a caller's
     * transaction the statement joins it, as {@link #run} does.
     */
    public <T> List<T> statement(WorkKind kind, long key, String sql, MapSqlParameterSource params, RowMapper<T> rows) {
        canceller.refuseIfClosing();
        boolean holdsConnection = TransactionSynchronizationManager.isActualTransactionActive();
        WorkLanes.Lane lane = lanes.enter(kind, key, !holdsConnection);
        try {
            if (holdsConnection) {
                limit(kind);
                return namedJdbc.query(sql, params, rows);
            }
            DatabaseTimeouts.Limits limits = timeouts.of(kind);
            MapSqlParameterSource withLimits = new MapSqlParameterSource(params.getValues())
                    .addValue("statement", limits.statement().toMillis() + "ms")
                    .addValue("lock", limits.lock().toMillis() + "ms");
            for (String name : params.getParameterNames()) {
                withLimits.registerSqlType(name, params.getSqlType(name));
            }
            return namedJdbc.execute(LIMITS + ";\n" + sql, withLimits, statement -> {
                statement.execute();
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("the statement after the limits returned no rows: " + sql);
                }
                try (ResultSet result = statement.getResultSet()) {
                    return new RowMapperResultSetExtractor<>(rows).extractData(result);
                }
            });
        } finally {
            lane.leave();
        }
    }

    /**
     * Opens a read-only transaction with the limits of {@code kind} for reads that span several calls
     * on this thread (an API read or a console page, up to the end of its rendering), in the kind's lane.
     * {@link Reading#close()} rolls it back: a read has nothing to commit, and a commit of a transaction
     * a timeout aborted would only fail again.
     */
    public Reading openRead(WorkKind kind) {
        canceller.refuseIfClosing();
        WorkLanes.Lane lane = lanes.enter(kind, 0, true);
        try {
            TransactionStatus status = transactions.getTransaction(READ_ONLY);
            try {
                limit(kind);
            } catch (RuntimeException e) {
                transactions.rollback(status);
                throw e;
            }
            return new Reading(status, lane);
        } catch (RuntimeException e) {
            lane.leave();
            throw e;
        }
    }

    /** An open read of {@link #openRead}; closed exactly once, on the thread that opened it. */
    public final class Reading implements AutoCloseable {
        private final TransactionStatus status;
        private final WorkLanes.Lane lane;

        private Reading(TransactionStatus status, WorkLanes.Lane lane) {
            this.status = status;
            this.lane = lane;
        }

        @Override
        public void close() {
            try {
                transactions.rollback(status);
            } catch (RuntimeException e) {
                // The answer is out already; a connection that broke under it is the pool's to replace.
                log.debug("rollback of a read failed", e);
            } finally {
                lane.leave();
            }
        }
    }

    private static TransactionDefinition readOnly() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setReadOnly(true);
        return definition;
    }

    private void limit(WorkKind kind) {
        DatabaseTimeouts.Limits limits = timeouts.of(kind);
        jdbc.sql(LIMITS)
                .param("statement", limits.statement().toMillis() + "ms")
                .param("lock", limits.lock().toMillis() + "ms")
                .query((rs, n) -> n)
                .list();
    }
}
