package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The ceiling for batch sync: COPY of fresh scans straight into the scans table, {@code batchSize}
 * rows per COPY and commit, one connection. A batch endpoint pays more (conflict handling cannot be
 * done by COPY itself, HTTP, JSON), so no batch endpoint can beat this.
 */
public final class CopyBaseline {

    private static final String COPY = """
            COPY scans (user_id, label_id, phase, distribution_id, store_id, label_coordinate) FROM STDIN
            """;

    private CopyBaseline() {
    }

    public record Result(long rows, int batchSize, double seconds, List<String> problems) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    public static Result run(String jdbcUrl, LoadWorld world, long rows, int batchSize) throws SQLException, IOException {
        long[] labels = world.freshLabels(Math.toIntExact((rows + Phases.COUNT - 1) / Phases.COUNT));
        long driver = world.drivers().get(0).id();
        long start;
        long elapsed;
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            start = System.nanoTime();
            for (long first = 0; first < rows; first += batchSize) {
                StringBuilder batch = new StringBuilder(batchSize * 48);
                for (long n = first; n < Math.min(rows, first + batchSize); n++) {
                    ScanPair pair = Phases.pair(labels, n);
                    batch.append(driver).append('\t').append(pair.label()).append('\t').append(pair.phase()).append('\t')
                            .append(world.distribution()).append('\t').append(world.store()).append('\t')
                            .append("{\"x\": 0.5, \"y\": 0.25}").append('\n');
                }
                copy.copyIn(COPY, new StringReader(batch.toString()));
                connection.commit();
            }
            elapsed = System.nanoTime() - start;
        }
        List<String> problems = new ArrayList<>();
        long counted = JdbcCeiling.countRows(world.database(), labels);
        if (counted != rows) {
            problems.add("COPY of %d rows left %d rows".formatted(rows, counted));
        }
        return new Result(rows, batchSize, elapsed / 1e9, problems);
    }
}
