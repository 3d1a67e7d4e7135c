package dev.scanledger.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The Django database, read in one REPEATABLE READ, READ ONLY transaction: every table is read from the
 * same snapshot, so a scan never names a label that came after the labels were read, however long the
 * copy takes while Django keeps serving. Timestamps are read in UTC.
 */
final class DjangoSource implements AutoCloseable {

    /** Rows fetched per round trip when a query's result is read as a stream. */
    static final int FETCH_SIZE = 5_000;

    private final Connection connection;
    private final SourceLayout layout;

    private DjangoSource(Connection connection, SourceLayout layout) {
        this.connection = connection;
        this.layout = layout;
    }

    /** What the source database holds: the resolved tables, and whether its users have Django roles. */
    record SourceLayout(DjangoTables tables, String users, boolean usersHaveRole) {
    }

    static DjangoSource open(MigrationOptions options) throws SQLException {
        Properties properties = new Properties();
        if (options.sourceUser() != null) {
            properties.setProperty("user", options.sourceUser());
        }
        if (options.sourcePassword() != null) {
            properties.setProperty("password", options.sourcePassword());
        }
        properties.setProperty("ApplicationName", "scanledger migrate-from-django");
        Connection connection = DriverManager.getConnection(options.sourceUrl(), properties);
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
            }
            return new DjangoSource(connection, layoutOf(connection, options.tables()));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static SourceLayout layoutOf(Connection connection, DjangoTables tables) throws SQLException {
        String users = tables.users().orElse(null);
        if (users == null) {
            users = exists(connection, DjangoTables.CUSTOM_USERS) ? DjangoTables.CUSTOM_USERS
                    : exists(connection, DjangoTables.STOCK_USERS) ? DjangoTables.STOCK_USERS : null;
            if (users == null) {
                throw new MissingTableException("The Django database has neither " + DjangoTables.CUSTOM_USERS + " nor "
                        + DjangoTables.STOCK_USERS + " (name the user table with --users-table).");
            }
        }
        for (String table : List.of(users, tables.tokens(), tables.factories(), tables.distributions(), tables.stores(),
                tables.labels(), tables.scans())) {
            if (!exists(connection, table)) {
                throw new MissingTableException("The Django database has no table " + table + ".");
            }
        }
        boolean hasRole;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = 'role' AND NOT attisdropped")) {
            ps.setString(1, users);
            try (ResultSet rs = ps.executeQuery()) {
                hasRole = rs.next();
            }
        }
        return new SourceLayout(tables, users, hasRole);
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static final class MissingTableException extends RuntimeException {
        MissingTableException(String message) {
            super(message, null, false, false);
        }
    }

    SourceLayout layout() {
        return layout;
    }

    Connection connection() {
        return connection;
    }

    CopyManager copyManager() throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    long count(String table) throws SQLException {
        return single("SELECT count(*) FROM " + table);
    }

    /** The highest id of the table, 0 when it is empty. */
    long maxId(String table) throws SQLException {
        return single("SELECT coalesce(max(id), 0) FROM " + table);
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
