package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * Runs a write so that its failure never poisons the caller's transaction: PostgreSQL aborts the whole
 * transaction on any error, so inside a transaction the write gets its own savepoint and is rolled back to it.
 * In autocommit mode a single statement is already its own transaction and needs nothing.
 */
final class SavepointGuard {

    private SavepointGuard() {
    }

    static <T> T run(Connection connection, SqlWork<T> work) throws SQLException {
        if (connection.getAutoCommit()) {
            return work.run();
        }
        Savepoint savepoint = connection.setSavepoint();
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException | Error e) {
            rollBackTo(connection, savepoint, e);
            throw e;
        }
        connection.releaseSavepoint(savepoint);
        return result;
    }

    private static void rollBackTo(Connection connection, Savepoint savepoint, Throwable failure) {
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
