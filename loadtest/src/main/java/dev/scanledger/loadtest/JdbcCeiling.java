package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own ceiling for single-scan creates: N connections, each running the service's insert
 * statement (ScanRepository.insert, verbatim) for a new pair, one autocommitted durable transaction per
 * scan, as fast as it can. Whatever the service reaches is bounded by this; nothing of HTTP, JSON,
 * token lookup or the pool is in it.
 */
public final class JdbcCeiling {

    /** ScanRepository.insert with JDBC placeholders (its one row has a null id for a duplicate); keep in step with the service. */
    static final String SERVICE_INSERT = """
            WITH s AS (
                INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT ON CONSTRAINT scans_label_phase_key DO NOTHING
                RETURNING *)
            SELECT s.id, s.user_id, u.username, u.first_name, u.last_name, s.label_id, s.phase, s.distribution_id, s.store_id, s.label_image,
                   s.label_coordinate::text AS label_coordinate, s.label_quality, s.created_date, s.updated_date,
                   CASE WHEN s.id IS NULL AND CAST(? AS bigint) IS NOT NULL
                        THEN EXISTS (SELECT 1 FROM sites WHERE kind = 'distribution' AND id = ?) END AS distribution_exists,
                   CASE WHEN s.id IS NULL AND CAST(? AS bigint) IS NOT NULL
                        THEN EXISTS (SELECT 1 FROM sites WHERE kind = 'store' AND id = ?) END AS store_exists
            FROM (VALUES (1)) AS one (n) LEFT JOIN s ON true LEFT JOIN users u ON u.id = s.user_id
            """;

    /** Outcome code recorded for a returned row: what the service would answer 201 for. */
    static final int ROW_INSERTED = 201;

    private JdbcCeiling() {
    }

    public record Result(Measurement measurement, List<String> problems) {
    }

    public static Result run(String jdbcUrl, LoadWorld world, RunLimits limits) throws SQLException, InterruptedException {
        long[] labels = world.freshLabels(Math.toIntExact((limits.maxRequests() + Phases.COUNT - 1) / Phases.COUNT));
        AtomicLong sequence = new AtomicLong();
        Measurement measurement = new Measurement();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < limits.clients(); i++) {
                connections.add(DriverManager.getConnection(jdbcUrl));
            }
            long start = System.nanoTime();
            long deadline = start + limits.maxDuration().toNanos();
            List<Thread> workers = new ArrayList<>();
            for (Connection connection : connections) {
                workers.add(LoadRunner.daemon("jdbc").newThread(() -> insertUntilDone(connection, world, labels, sequence,
                        limits.maxRequests(), deadline, measurement)));
            }
            workers.forEach(Thread::start);
            for (Thread worker : workers) {
                worker.join();
            }
            measurement.finish(System.nanoTime() - start);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        long inserted = Math.min(sequence.get(), limits.maxRequests());
        List<String> problems = new ArrayList<>();
        long rows = countRows(world.database(), labels);
        if (rows != measurement.status(ROW_INSERTED).count()) {
            problems.add("rows %d, inserts that returned a row %d".formatted(rows, measurement.status(ROW_INSERTED).count()));
        }
        if (measurement.status(ROW_INSERTED).count() != measurement.requests()) {
            problems.add("%d of %d inserts failed or returned no row".formatted(
                    measurement.requests() - measurement.status(ROW_INSERTED).count(), inserted));
        }
        measurement.clientFailures().forEach(f -> problems.add("worker failed: " + f));
        return new Result(measurement, problems);
    }

    private static void insertUntilDone(Connection connection, LoadWorld world, long[] labels, AtomicLong sequence,
                                        long maxInserts, long deadline, Measurement measurement) {
        LoadWorld.Driver driver = world.drivers().get(0);
        try (PreparedStatement insert = connection.prepareStatement(SERVICE_INSERT)) {
            while (System.nanoTime() < deadline) {
                long n = sequence.getAndIncrement();
                if (n >= maxInserts) {
                    return;
                }
                ScanPair pair = Phases.pair(labels, n);
                insert.setLong(1, driver.id());
                insert.setLong(2, pair.label());
                insert.setInt(3, pair.phase());
                insert.setLong(4, world.distribution());
                insert.setLong(5, world.store());
                insert.setNull(6, Types.VARCHAR);
                insert.setString(7, "{\"x\": 0.5, \"y\": 0.25}");
                insert.setLong(8, world.distribution());
                insert.setLong(9, world.distribution());
                insert.setLong(10, world.store());
                insert.setLong(11, world.store());
                long sent = System.nanoTime();
                boolean row;
                try (ResultSet rs = insert.executeQuery()) {
                    row = rs.next() && rs.getObject(1) != null;
                }
                measurement.record(row ? ROW_INSERTED : Answer.NO_ANSWER, System.nanoTime() - sent);
            }
        } catch (SQLException e) {
            measurement.clientFailed(e);
        }
    }

    static long countRows(Connection database, long[] labels) throws SQLException {
        try (PreparedStatement count = database.prepareStatement("SELECT count(*) FROM scans WHERE label_id = ANY(?)")) {
            count.setArray(1, database.createArrayOf("bigint", java.util.Arrays.stream(labels).boxed().toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
