package dev.scanledger.loadtest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Grows the scans table to a given size with COPY, as a fleet's history: labels that made the whole
 * trip (factory, distribution centre, store: three scans each, oldest first), scanned by 1,000 filler
 * drivers and, for a tenth of the rows, by the few drivers whose own lists the data-size steps read,
 * so their history grows with the table. The fleet's pace sets the dates (2,000,000 scans a day).
 *
 * <p>COPY runs with {@code session_replication_role = replica}: the rows are consistent by
 * construction (their labels, sites and users exist), so the foreign-key checks and the triggers are
 * skipped, and what the triggers keep is written alongside: each label's furthest phase with the
 * label, the per-driver counts as changes for the service's fold (migration V9).
 */
final class DataFill {

    static final int FILLER_DRIVERS = 1_000;
    /** Of every 40 rows, this many belong to the measured drivers (one each, in turn): a tenth for 4. */
    private static final int ROWS_PER_ROUND = 40;
    private static final long SCANS_PER_DAY = 2_000_000;
    private static final int PHASES_PER_LABEL = 3;
    private static final long ROWS_PER_COMMIT = 1_000_000;

    private final Connection database;
    private final LoadWorld world;
    private final List<LoadWorld.Driver> measured;
    private final long firstFiller;

    private DataFill(Connection database, LoadWorld world, List<LoadWorld.Driver> measured, long firstFiller) {
        this.database = database;
        this.world = world;
        this.measured = measured;
        this.firstFiller = firstFiller;
    }

    /** Creates the filler drivers (no keys: they never call the API). {@code measured} must be fewer than 40. */
    static DataFill prepare(Connection database, LoadWorld world, List<LoadWorld.Driver> measured) throws SQLException {
        if (measured.isEmpty() || measured.size() >= ROWS_PER_ROUND) {
            throw new IllegalArgumentException("1 to 39 measured drivers");
        }
        long first;
        try (PreparedStatement insert = database.prepareStatement("""
                WITH u AS (INSERT INTO users (username, password_hash, role)
                           SELECT ? || '-filler' || n, '{noop}-', 'driver' FROM generate_series(1, ?) n RETURNING id)
                SELECT min(id), max(id) FROM u
                """)) {
            insert.setString(1, world.runId());
            insert.setInt(2, FILLER_DRIVERS);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
                if (rs.getLong(2) - first + 1 != FILLER_DRIVERS) {
                    throw new IllegalStateException("filler drivers are not numbered without gaps");
                }
            }
        }
        return new DataFill(database, world, measured, first);
    }

    static long scanRows(Connection database) throws SQLException {
        try (Statement statement = database.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM scans")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Gives every measured driver {@code each} scans of their own (a history to page through). */
    long giveEach(int each) throws SQLException {
        long rows = (long) each * measured.size();
        copy(rows, n -> measured.get((int) (n % measured.size())).id());
        return rows;
    }

    /** Adds scans until the table holds {@code target} rows; returns how many were added. */
    long growTo(long target) throws SQLException {
        long rows = target - scanRows(database);
        if (rows <= 0) {
            return 0;
        }
        copy(rows, n -> {
            int slot = (int) (n % ROWS_PER_ROUND);
            return slot < measured.size() ? measured.get(slot).id() : firstFiller + (n / ROWS_PER_ROUND * 7 + slot) % FILLER_DRIVERS;
        });
        return rows;
    }

    private interface Owner {
        long of(long row);
    }

    private void copy(long rows, Owner owner) throws SQLException {
        boolean autoCommit = database.getAutoCommit();
        database.setAutoCommit(false);
        try (Statement statement = database.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            CopyIn copy = null;
            for (long done = 0; done < rows; done += ROWS_PER_COMMIT) {
                long chunk = Math.min(ROWS_PER_COMMIT, rows - done);
                long labels = (chunk + PHASES_PER_LABEL - 1) / PHASES_PER_LABEL;
                long firstLabel = insertLabels(labels);
                // The rows' dates end now and go back at the fleet's pace; a later chunk is newer than an earlier one.
                long spanMillis = chunk * 86_400_000L / SCANS_PER_DAY;
                long endMillis = System.currentTimeMillis();
                copy = database.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                        COPY scans (user_id, label_id, phase, distribution_id, store_id, label_coordinate, created_date, updated_date)
                        FROM STDIN
                        """);
                StringBuilder buffer = new StringBuilder(1 << 20);
                for (long n = 0; n < chunk; n++) {
                    int phase = (int) (n % PHASES_PER_LABEL) + 1;
                    String when = java.time.Instant.ofEpochMilli(endMillis - spanMillis + n * spanMillis / chunk).toString();
                    buffer.append(owner.of(done + n)).append('\t').append(firstLabel + n / PHASES_PER_LABEL).append('\t').append(phase)
                            .append('\t').append(phase >= 2 ? String.valueOf(world.distribution()) : "\\N")
                            .append('\t').append(phase == 3 ? String.valueOf(world.store()) : "\\N")
                            .append("\t{\"x\": 0.5, \"y\": 0.25}\t").append(when).append('\t').append(when).append('\n');
                    if (buffer.length() > (1 << 20) - 256) {
                        write(copy, buffer);
                    }
                }
                write(copy, buffer);
                copy.endCopy();
                copy = null;
                database.commit();
            }
            statement.execute("SET session_replication_role = DEFAULT");
        } catch (SQLException e) {
            database.rollback();
            throw e;
        } finally {
            database.setAutoCommit(autoCommit);
        }
        recountAll();
    }

    /** Labels for the chunk, as the trigger would leave them after their store scan; the first id (they are consecutive). */
    private long insertLabels(long count) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("""
                WITH l AS (INSERT INTO labels (factory_id, code, furthest_phase, furthest_site_id, furthest_site_kind)
                           SELECT ?, ? || n, 3, ?, 'store' FROM generate_series(1, ?) n RETURNING id)
                SELECT min(id), max(id) FROM l
                """)) {
            insert.setLong(1, world.factory());
            insert.setString(2, world.runId() + "-fill" + System.nanoTime() + "-");
            insert.setLong(3, world.store());
            insert.setLong(4, count);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                if (rs.getLong(2) - rs.getLong(1) + 1 != count) {
                    throw new IllegalStateException("fill labels are not numbered without gaps");
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * The triggers were skipped, so the counts they keep are written here: the rows of every user, less
     * what is counted already, as one change per (user, phase) for the service's fold.
     */
    private void recountAll() throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute("""
                    INSERT INTO scan_count_changes (user_id, phase, change)
                    SELECT r.user_id, r.phase, r.n_rows - coalesce(c.scans, 0) - coalesce(p.pending, 0)
                    FROM (SELECT user_id, phase, count(*) AS n_rows FROM scans GROUP BY user_id, phase) r
                    LEFT JOIN scan_counts c USING (user_id, phase)
                    LEFT JOIN (SELECT user_id, phase, sum(change) AS pending FROM scan_count_changes GROUP BY user_id, phase) p
                           USING (user_id, phase)
                    WHERE r.n_rows <> coalesce(c.scans, 0) + coalesce(p.pending, 0)
                    """);
        }
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }
}
