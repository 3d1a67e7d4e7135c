package dev.scanledger.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * For a first copy into an empty table: its secondary indexes are dropped before the rows go in and built
 * once they are all there, as pg_restore does. Entry by entry, the ten indexes of scans are most of what a
 * copied scan costs PostgreSQL; one sorted build per index is a fraction of that. The primary key and the
 * unique keys stay (the unique (label, phase) key among them), so every write is judged by the constraints as before, and requests the
 * service answers meanwhile are right (only slower to read).
 *
 * <p>Each dropped index is recorded in {@code deferred_indexes} (migration V12) in the transaction that
 * drops it, and forgotten only once it is built again, so a copy killed in between loses nothing: the
 * next run builds the recorded indexes first, and --verify names them. Built CONCURRENTLY, so a service
 * writing scans meanwhile is not held up; an index such a build left invalid when killed is dropped and
 * built again.
 */
final class DeferredIndexes {

    /**
     * The indexes of a plain table that judge nothing (no constraint, not unique: those stay and decide
     * every write), with the statements that create them.
     */
    private static final String SECONDARY = """
            SELECT c.relname, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_class t ON t.oid = i.indrelid
             WHERE i.indrelid = ?::regclass AND t.relkind = 'r' AND NOT i.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY c.relname
            """;

    private final DataSource target;

    DeferredIndexes(DataSource target) {
        this.target = target;
    }

    record Deferred(String name, String table, String definition) {
    }

    /** The indexes a copy dropped and has not built again yet. */
    List<Deferred> pending() throws SQLException {
        try (Connection connection = target.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT index_name, table_name, definition FROM deferred_indexes ORDER BY table_name, index_name")) {
            List<Deferred> pending = new ArrayList<>();
            while (rs.next()) {
                pending.add(new Deferred(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return pending;
        }
    }

    /**
     * Drops the secondary indexes of {@code table} if it holds no row (partitioned tables are left as they
     * are); answers how many were dropped. The table is locked while it is checked and its indexes dropped, so
     * no row can arrive in between.
     */
    int deferIfEmpty(String table) throws SQLException {
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '30s'");
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                boolean empty;
                try (ResultSet rs = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
                    rs.next();
                    empty = rs.getBoolean(1);
                }
                List<Deferred> secondary = new ArrayList<>();
                if (empty) {
                    try (PreparedStatement indexes = connection.prepareStatement(SECONDARY)) {
                        indexes.setString(1, table);
                        try (ResultSet rs = indexes.executeQuery()) {
                            while (rs.next()) {
                                secondary.add(new Deferred(rs.getString(1), table, rs.getString(2)));
                            }
                        }
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO deferred_indexes (index_name, table_name, definition) VALUES (?, ?, ?)")) {
                    for (Deferred index : secondary) {
                        record.setString(1, index.name());
                        record.setString(2, index.table());
                        record.setString(3, index.definition());
                        record.executeUpdate();
                        statement.execute("DROP INDEX " + quoted(index.name()));
                    }
                }
                connection.commit();
                return secondary.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Builds every index still recorded as deferred, one after the other; answers how many. */
    int buildPending() throws SQLException {
        List<Deferred> pending = pending();
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            try {
                // one sorted build per index, given the memory to sort in and both cores; a build waits for
                // transactions that started before it, so a stuck one ends the run (the index stays recorded)
                statement.execute("SET maintenance_work_mem = '256MB'");
                statement.execute("SET max_parallel_maintenance_workers = 2");
                statement.execute("SET statement_timeout = 0");
                statement.execute("SET lock_timeout = '5min'");
                for (Deferred index : pending) {
                    dropIfInvalid(connection, index.name());
                    statement.execute(concurrentlyIfNotExists(index.definition()));
                    try (PreparedStatement forget = connection.prepareStatement("DELETE FROM deferred_indexes WHERE index_name = ?")) {
                        forget.setString(1, index.name());
                        forget.executeUpdate();
                    }
                }
            } finally {
                // the connection goes back to a pool
                for (String setting : List.of("maintenance_work_mem", "max_parallel_maintenance_workers", "statement_timeout", "lock_timeout")) {
                    statement.execute("RESET " + setting);
                }
            }
        }
        return pending.size();
    }

    /** A CONCURRENTLY build that was killed leaves its index behind, invalid: it would pass for built. */
    private static void dropIfInvalid(Connection connection, String name) throws SQLException {
        boolean invalid;
        try (PreparedStatement check = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace AND NOT i.indisvalid)")) {
            check.setString(1, name);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                invalid = rs.getBoolean(1);
            }
        }
        if (invalid) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP INDEX CONCURRENTLY " + quoted(name));
            }
        }
    }

    /** pg_get_indexdef's {@code CREATE INDEX name ON ...}, built without blocking writers, and only if missing. */
    static String concurrentlyIfNotExists(String definition) {
        String plain = "CREATE INDEX ";
        if (!definition.startsWith(plain)) {
            throw new IllegalArgumentException("not the definition of a plain index: " + definition);
        }
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + definition.substring(plain.length());
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
