package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs several statements atomically. Row locks taken in autocommit mode would be released as soon as the
 * SELECT returns, so there the work runs in a transaction of its own; inside the caller's transaction it runs
 * under a savepoint instead and commits with the caller.
 */
final class OwnTransaction {

    private OwnTransaction() {
    }

    static <T> T run(Connection connection, SqlWork<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return SavepointGuard.run(connection, work);
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
