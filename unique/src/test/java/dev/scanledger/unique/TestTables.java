package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh tables for each test, so tests never see each other's rows and the catalog cache never sees a table
 * change shape. Every DDL template names its table {@code %1$s}.
 */
final class TestTables {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** Labels scanned at phases: unique per (label, phase), plus a separately unique serial. */
    static final String LABEL_SCANS = """
            CREATE TABLE %1$s (
                id bigserial PRIMARY KEY,
                label text NOT NULL,
                phase integer NOT NULL,
                note text,
                serial text,
                scanned_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT %1$s_label_phase_key UNIQUE (label, phase),
                CONSTRAINT %1$s_serial_key UNIQUE (serial)
            )
            """;

    /** Parcels keyed by a unique label, with a counter and the furthest phase reached. */
    static final String PARCELS = """
            CREATE TABLE %1$s (
                id bigserial PRIMARY KEY,
                label text NOT NULL CONSTRAINT %1$s_label_key UNIQUE,
                counter integer NOT NULL DEFAULT 0,
                furthest_phase integer NOT NULL DEFAULT 0,
                note text
            )
            """;

    private TestTables() {
    }

    /** Creates a table from {@code ddl} under a fresh name and returns the name. */
    static String create(String ddl) throws SQLException {
        String name = "t%d".formatted(SEQUENCE.incrementAndGet());
        execute(ddl.formatted(name));
        return name;
    }

    /** A trigger that silently drops every insert into {@code table}, so no write there ever stores a row. */
    static void dropInsertsInto(String table) throws SQLException {
        execute("""
                CREATE FUNCTION %1$s_drop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
                CREATE TRIGGER %1$s_drop BEFORE INSERT ON %1$s FOR EACH ROW EXECUTE FUNCTION %1$s_drop();
                """.formatted(table));
    }

    static void execute(String sql) throws SQLException {
        try (Connection connection = SharedPostgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM " + table);
    }

    static long queryLong(String sql) throws SQLException {
        try (Connection connection = SharedPostgres.connect();
                Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
