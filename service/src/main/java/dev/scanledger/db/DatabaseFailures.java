package dev.scanledger.db;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure that a retry may cure (the database is down, restarting, out of connections, or a
 * statement ran into its timeout) from a bug. The first kind answers 503 with Retry-After; only the
 * second may be a 500. Decided by SQLSTATE and exception type along the cause chain, never by message.
 */
public final class DatabaseFailures {

    /** SQLSTATEs a retry may cure; class 08 (connection exception) is matched by prefix. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57014", // query_canceled: statement_timeout, or cancelled at shutdown
            "55P03", // lock_not_available: lock_timeout
            "57P01", // admin_shutdown: the server is stopping
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: the server is starting
            "53300", // too_many_connections
            "53400", // configuration_limit_exceeded
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "25P03"); // idle_in_transaction_session_timeout

    private DatabaseFailures() {
    }

    /** True when {@code failure} or any cause says the database could not serve the request just now. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
                    || cause instanceof QueryTimeoutException || cause instanceof PessimisticLockingFailureException
                    || cause instanceof TransientDataAccessResourceException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException || cause instanceof DatabaseClosingException
                    || cause instanceof WorkLanes.LaneFullException) {
                return true;
            }
            // A commit or rollback that failed: the connection broke under it.
            if (cause instanceof TransactionSystemException) {
                return true;
            }
            if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * True when the statement is known not to have committed: the server itself refused it (a
     * constraint, a timeout, a lock it could not get), or it never reached the server. A broken connection, by contrast, leaves its outcome unknown.
     */
    public static boolean serverRefusedStatement(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
                    || cause instanceof DatabaseClosingException || cause instanceof WorkLanes.LaneFullException) {
                return true; // the statement never reached the server
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return !state.startsWith("08") && !state.startsWith("57P") && !state.equals("XX000");
            }
        }
        return false;
    }

    static boolean isTransientState(String state) {
        return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }

    /** Work refused because the service is shutting down and has cancelled its statements. */
    static final class DatabaseClosingException extends RuntimeException {
        DatabaseClosingException() {
            super("the service is shutting down", null, false, false);
        }
    }
}
