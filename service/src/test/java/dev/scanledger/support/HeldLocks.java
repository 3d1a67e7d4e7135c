package dev.scanledger.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestComponent;

/**
 * Holds a request still inside its transaction, so tests can act while it is in flight: a test
 * locks a label row, the request's insert waits on it (the foreign key check), and the test can see
 * and kill the waiting backend.
 */
@TestComponent
public class HeldLocks {

    private final DataSource dataSource;

    HeldLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Locks the label until the returned handle is closed. */
    public Held lockLabel(long labelId) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM labels WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, labelId);
            lock.executeQuery().close();
        }
        return new Held(connection);
    }

    /** Holds {@code table} as DDL does (ACCESS EXCLUSIVE: even reads wait) until the handle is closed. */
    public Held lockTable(String table) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE")) {
            lock.execute();
        }
        return new Held(connection);
    }

    /** The backend of the scan insert now waiting on a held lock. */
    public int awaitBlockedInsert() throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement blocked = connection.prepareStatement("""
                     SELECT pid FROM pg_stat_activity
                      WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO scans%'
                     """)) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = blocked.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("No scan insert became blocked within 20 s");
    }

    /** What a crash does to a transaction: the backend is gone, the transaction rolled back. */
    public void terminate(int backendPid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            terminate.setInt(1, backendPid);
            terminate.executeQuery().close();
        }
    }

    public static final class Held implements AutoCloseable {
        private final Connection connection;

        private Held(Connection connection) {
            this.connection = connection;
        }

        /** Runs {@code statement} in the holding transaction and commits it, which releases the lock. */
        public void commitAfter(String statement, Object... parameters) throws SQLException {
            try (PreparedStatement prepared = connection.prepareStatement(statement)) {
                for (int i = 0; i < parameters.length; i++) {
                    prepared.setObject(i + 1, parameters[i]);
                }
                prepared.execute();
            }
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }
    }
}
