package dev.scanledger.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * One connection to Scanledger's database that writes chunks: a chunk is streamed from Django by COPY into
 * a temporary staging table, then written by the table's merge statement, and committed. The staging
 * table empties itself at the end of every transaction (ON COMMIT DELETE ROWS), so a chunk that fails
 * leaves nothing behind. Used by one thread at a time.
 */
final class StagingWriter implements AutoCloseable {

    private static final int BUFFER_BYTES = 256 * 1024;

    /**
     * The set-based form of the scan triggers' labels_advance_furthest() for the labels a chunk of scans
     * takes further: locked in id order first, as every other writer of several scans locks them, so no
     * two writers wait for each other in a circle; the UPDATE checks the triggers' condition again on the
     * locked row, so concurrent writers of any kind leave the furthest.
     */
    private static final String LOCK_LABELS = """
            SELECT count(*) FROM (
                SELECT 1 FROM labels WHERE id IN (SELECT label_id FROM %1$s) ORDER BY id FOR NO KEY UPDATE) locked
            """.formatted(CopiedTables.LABELS_ADVANCING);
    private static final String ADVANCE_LABELS = """
            UPDATE labels l
               SET furthest_phase = f.phase,
                   furthest_site_id = CASE f.phase WHEN 1 THEN l.factory_id WHEN 2 THEN f.distribution_id ELSE f.store_id END,
                   furthest_site_kind = CASE f.phase WHEN 1 THEN 'factory' WHEN 2 THEN 'distribution' ELSE 'store' END
              FROM %1$s f
             WHERE l.id = f.label_id
               AND (l.furthest_phase IS NULL
                    OR l.furthest_phase < f.phase
                    OR (l.furthest_phase = f.phase
                        AND l.furthest_site_id IS DISTINCT FROM
                            CASE f.phase WHEN 1 THEN l.factory_id WHEN 2 THEN f.distribution_id ELSE f.store_id END))
            """.formatted(CopiedTables.LABELS_ADVANCING);

    private final Connection connection;
    private final CopyManager copy;
    private final Set<String> stagingTables = new HashSet<>();
    private final byte[] buffer = new byte[BUFFER_BYTES];

    StagingWriter(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Rows staged, and the id of the last (the highest, as they come in id order). */
    record Staged(long rows, long lastId) {
    }

    record Written(long inserted, long updated) {
    }

    /** Streams Django's next {@code limit} rows of the table with an id above {@code afterId} (null: from the first). */
    Staged stage(DjangoSource source, CopiedTable table, Long afterId, int limit) throws SQLException {
        ensureStaging(table);
        String select = "COPY (SELECT %s FROM %s s%s ORDER BY s.id LIMIT %d) TO STDOUT".formatted(
                table.sourceColumns(), table.sourceTable(), afterId == null ? "" : " WHERE s.id > " + afterId, limit);
        CopyOut out = source.copyManager().copyOut(select);
        CopyIn in = null;
        try {
            in = copy.copyIn("COPY " + table.staging() + " FROM STDIN");
            long rows = 0;
            byte[] last = null;
            int filled = 0;
            byte[] row;
            // One CopyData message per row from the server; passed on in large blocks.
            while ((row = out.readFromCopy()) != null) {
                if (filled + row.length > buffer.length) {
                    in.writeToCopy(buffer, 0, filled);
                    filled = 0;
                }
                if (row.length > buffer.length) {
                    in.writeToCopy(row, 0, row.length);
                } else {
                    System.arraycopy(row, 0, buffer, filled, row.length);
                    filled += row.length;
                }
                last = row;
                rows++;
            }
            if (filled > 0) {
                in.writeToCopy(buffer, 0, filled);
            }
            in.endCopy();
            return new Staged(rows, last == null ? 0 : firstField(last));
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
            if (in != null && in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Writes the staged chunk with the table's merge statement and commits; rolls back on failure. */
    Written merge(CopiedTable table, long[] skippedIds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // a chunk's sorts and hashes (the labels' furthest phase) stay in memory
            statement.execute("SET LOCAL work_mem = '64MB'");
            if (table.advancesLabels()) {
                statement.execute("SET LOCAL scanledger.labels_advanced_by_writer = 'on'");
                // the scans merge, the one table advancing labels, also appends its own count changes (V9)
                statement.execute("SET LOCAL scanledger.scan_counts_by_writer = 'on'");
            }
            Written written;
            try (PreparedStatement merge = connection.prepareStatement(table.merge())) {
                merge.setArray(1, connection.createArrayOf("bigint", box(skippedIds)));
                try (ResultSet rs = merge.executeQuery()) {
                    rs.next();
                    written = new Written(rs.getLong(1), rs.getLong(2));
                }
            }
            if (table.advancesLabels()) {
                try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + CopiedTables.LABELS_ADVANCING + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        statement.execute(LOCK_LABELS);
                        statement.execute(ADVANCE_LABELS);
                    }
                }
            }
            connection.commit();
            return written;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    private void ensureStaging(CopiedTable table) throws SQLException {
        if (stagingTables.add(table.staging())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS %s (%s) ON COMMIT DELETE ROWS"
                        .formatted(table.staging(), table.stagingColumns()));
                if (table.advancesLabels()) {
                    statement.execute(("CREATE TEMP TABLE IF NOT EXISTS %s (label_id bigint, phase smallint, distribution_id bigint,"
                            + " store_id bigint) ON COMMIT DELETE ROWS").formatted(CopiedTables.LABELS_ADVANCING));
                }
            }
        }
    }

    private static Long[] box(long[] ids) {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return boxed;
    }

    /** The id a COPY text row starts with. */
    private static long firstField(byte[] row) {
        int end = 0;
        while (end < row.length && row[end] != '\t' && row[end] != '\n') {
            end++;
        }
        return Long.parseLong(new String(row, 0, end, StandardCharsets.US_ASCII));
    }

    /** Drops the staging tables: the connection goes back to a pool. */
    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            connection.rollback();
            statement.execute("DISCARD TEMP");
            connection.commit();
        } finally {
            connection.close();
        }
    }
}
