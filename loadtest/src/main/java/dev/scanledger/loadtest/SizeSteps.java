package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each kind of request costs at one size of the data: the same steps at every size, CPU of the
 * service and PostgreSQL per request (what the data's size could change; the machine's neighbours
 * change it less than latency), the shared buffers the statements touched per request (what the
 * queries' plans do, which no neighbour changes), with latency alongside. The own-scan lists are read by the
 * measured drivers, whose history {@link DataFill} grows with the table.
 */
final class SizeSteps {

    static final int CLIENTS = 16;
    static final int BATCH_CLIENTS = 8;
    /** The deep page: rows 951 to 1,000 of a driver's list. */
    static final int DEEP_PAGE = 20;
    private static final int SAMPLED = 250;
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
    private static final Duration REJECTED_WRITER_PAUSE = Duration.ofMillis(500);
    /** Opens the text of the queries this tool runs around a step, so the buffers they touch are left out. */
    private static final String OWN_QUERY = "/* load tool */ ";
    /**
     * One step at one size: service + PostgreSQL CPU per unit, the shared buffers the statements touched
     * (hits and reads, from {@code pg_stat_statements}) and how many of them were read (not found in
     * shared buffers: from the OS's cache or the disk), and latencies.
     */
    record Row(String step, String unit, long count, double seconds, CpuTime used, long buffers, long reads, double p50, double p99,
               List<String> problems) {

        double cpuMillisPerUnit() {
            return count == 0 ? Double.NaN : 1000 * (used.service() + used.postgres()) / count;
        }

        double serviceMillisPerUnit() {
            return count == 0 ? Double.NaN : 1000 * used.service() / count;
        }

        double postgresMillisPerUnit() {
            return count == 0 ? Double.NaN : 1000 * used.postgres() / count;
        }

        double buffersPerUnit() {
            return count == 0 ? Double.NaN : (double) buffers / count;
        }

        double readsPerUnit() {
            return count == 0 ? Double.NaN : (double) reads / count;
        }

        /**
         * Of two passes of one step, the one that cost less CPU per unit, with the problems of both: what
         * the machine's neighbours do (cache misses, a slower clock, stolen time) only adds CPU time to a
         * request, so the cheaper pass is the closer to the request's own cost.
         */
        Row cheaper(Row other) {
            Row kept = other.cpuMillisPerUnit() < cpuMillisPerUnit() ? other : this;
            List<String> both = new ArrayList<>(problems);
            both.addAll(other.problems);
            return new Row(step, unit, kept.count, kept.seconds, kept.used, kept.buffers, kept.reads, kept.p50, kept.p99, both);
        }
    }

    /** All steps at one size (the rows and labels the tables held when they started). */
    record Size(String label, long scans, long labels, List<Row> rows) {

        Row row(String step) {
            return rows.stream().filter(r -> r.step().equals(step)).findFirst().orElse(null);
        }
    }

    static final List<String> STEPS = List.of("create", "duplicate", "list, first page", "list, page " + DEEP_PAGE, "list, last page",
            "list, ?phase=", "list, ?label=", "retrieve", "journey", "batch");

    private SizeSteps() {
    }

    /**
     * The steps at the tables' present size, {@code passes} times over; each step keeps its cheapest
     * pass ({@link Row#cheaper}).
     */
    static Size measure(String label, int passes, List<URI> instances, LoadWorld world, LoadWorld measured, Duration step, CpuMeter cpu,
                        PrintStream out) throws SQLException, InterruptedException {
        Connection database = world.database();
        long scans = DataFill.scanRows(database);
        long labels = count(database, "SELECT count(*) FROM labels");
        out.println("data size " + label + ": " + scans + " scans");
        List<Row> kept = pass(instances, world, measured, step, cpu, out);
        for (int pass = 2; pass <= passes; pass++) {
            out.println("data size " + label + ", pass " + pass + " of " + passes);
            List<Row> rows = pass(instances, world, measured, step, cpu, out);
            for (int i = 0; i < kept.size(); i++) {
                kept.set(i, kept.get(i).cheaper(rows.get(i)));
            }
        }
        return new Size(label, scans, labels, kept);
    }

    private static List<Row> pass(List<URI> instances, LoadWorld world, LoadWorld measured, Duration step, CpuMeter cpu, PrintStream out)
            throws SQLException, InterruptedException {
        ScanRequests requests = new ScanRequests(instances);
        List<Row> rows = new ArrayList<>();
        rows.add(run("create", "request", Scenarios.named("create", instances, Scenarios.Settings.DEFAULTS), world, CLIENTS, step,
                cpu, out));
        rows.add(run("duplicate", "request", Scenarios.named("duplicate", instances, Scenarios.Settings.DEFAULTS), world, CLIENTS, step,
                cpu, out));
        rows.add(run("list, first page", "request", new GetScenario("list, first page", requests,
                w -> listPlan(measured, "/api/scans/", null)), measured, CLIENTS, step, cpu, out));
        rows.add(run("list, page " + DEEP_PAGE, "request", new GetScenario("list, page " + DEEP_PAGE, requests,
                w -> listPlan(measured, "/api/scans/?page=" + DEEP_PAGE, null)), measured, CLIENTS, step, cpu, out));
        rows.add(run("list, last page", "request", new GetScenario("list, last page", requests,
                w -> listPlan(measured, "/api/scans/?page=last", null)), measured, CLIENTS, step, cpu, out));
        rows.add(run("list, ?phase=", "request", new GetScenario("list, ?phase=", requests,
                w -> listPlan(measured, "/api/scans/?phase=2", 2)), measured, CLIENTS, step, cpu, out));
        rows.add(run("list, ?label=", "request", new GetScenario("list, ?label=", requests,
                w -> labelListPlan(measured)), measured, CLIENTS, step, cpu, out));
        rows.add(run("retrieve", "request", new GetScenario("retrieve", requests, w -> retrievePlan(measured)), measured, CLIENTS, step,
                cpu, out));
        rows.add(run("journey", "request", new GetScenario("journey", requests, w -> journeyPlan(measured)), measured, CLIENTS, step,
                cpu, out));
        rows.add(run("batch", "row", Scenarios.named("batch", instances, new Scenarios.Settings(Bench.BURST, Bench.BATCH_SIZE,
                Bench.BATCH_OVERLAP, true)), world, BATCH_CLIENTS, step, cpu, out));
        return rows;
    }

    private static Row run(String step, String unit, Scenario scenario, LoadWorld world, int clients, Duration duration, CpuMeter cpu,
                           PrintStream out)
            throws SQLException, InterruptedException {
        scenario.prepare(world, new RunLimits(clients, 1_000_000, duration));
        forgetStatements(world.database());
        CpuTime started = cpu.now();
        Measurement measurement;
        try (LoadRunner runner = new LoadRunner(clients)) {
            measurement = runner.run(scenario, new RunLimits(clients, 1_000_000, duration));
        }
        CpuTime used = cpu.since(started);
        settle(world.database());
        Buffers buffers = buffers(world.database());
        ScenarioResult result = ScenarioResult.of(scenario, new RunLimits(clients, 1_000_000, duration), measurement,
                scenario.verify(world.database()));
        long units = unit.equals("row") ? result.writes() : measurement.requests();
        out.printf("  %s: %d requests, %.0f/s, p50 %.2f ms, CPU %.3f ms and %.1f buffers (%.1f read) per %s%s%n", step,
                measurement.requests(), result.requestsPerSecond(), measurement.all().percentileMillis(50),
                1000 * (used.service() + used.postgres()) / Math.max(1, units), (double) buffers.touched() / Math.max(1, units),
                (double) buffers.read() / Math.max(1, units), unit, result.passed() ? "" : " FAILED " + result.problems());
        return new Row(step, unit, units, measurement.seconds(), used, buffers.touched(), buffers.read(), measurement.all().percentileMillis(50),
                measurement.all().percentileMillis(99), result.problems());
    }

    /**
     * Lets the data-size steps count what the statements touch: pg_stat_statements is loaded by
     * {@link DatabaseServer}, and is made readable in the bench's database here.
     */
    static void trackStatements(Connection database) throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    private static void forgetStatements(Connection database) throws SQLException {
        try (Statement statement = database.createStatement()) {
            statement.execute(OWN_QUERY + "SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * Waits for the work the step's requests left to the service's background: the fold of the scan
     * count changes (every second) and the writer of rejected duplicates (every 200 ms). Counted after
     * this, a step's buffers hold what its requests caused, and the next step starts with none of it.
     */
    private static void settle(Connection database) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        while (count(database, OWN_QUERY + "SELECT count(*) FROM (SELECT 1 FROM scan_count_changes LIMIT 1) c") > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(REJECTED_WRITER_PAUSE.toMillis());
    }

    /**
     * Shared buffers hit or read by the statements run since {@link #forgetStatements}, and of them those
     * read: the service's requests (with their triggers' and foreign keys' work) and what they left to its
     * background; not autovacuum, which no statement runs, and not this tool's own queries around the step
     * (pg_stat_statements keeps a query's leading comment in its text).
     */
    private record Buffers(long touched, long read) {
    }

    private static Buffers buffers(Connection database) throws SQLException {
        try (Statement statement = database.createStatement(); ResultSet rs = statement.executeQuery(OWN_QUERY + """
                SELECT coalesce(sum(shared_blks_hit + shared_blks_read), 0), coalesce(sum(shared_blks_read), 0) FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%s%%'
                """.formatted(OWN_QUERY))) {
            rs.next();
            return new Buffers(rs.getLong(1), rs.getLong(2));
        }
    }

    private static List<GetScenario.Planned> listPlan(LoadWorld measured, String path, Integer phase) throws SQLException {
        List<GetScenario.Planned> plan = new ArrayList<>();
        for (LoadWorld.Driver driver : measured.drivers()) {
            long count = count(measured.database(), "SELECT count(*) FROM scans WHERE user_id = " + driver.id()
                    + (phase == null ? "" : " AND phase = " + phase));
            plan.add(new GetScenario.Planned(driver, path, Pattern.compile("^\\{\"count\":\\s*" + count + "\\b.*\"results\":\\s*\\[\\{")));
        }
        return plan;
    }

    private static List<GetScenario.Planned> labelListPlan(LoadWorld measured) throws SQLException {
        List<GetScenario.Planned> plan = new ArrayList<>();
        for (LoadWorld.Driver driver : measured.drivers()) {
            try (PreparedStatement sample = measured.database().prepareStatement("""
                    SELECT label_id, count(*) FROM scans
                    WHERE label_id IN (SELECT label_id FROM scans WHERE user_id = ? ORDER BY random() LIMIT ?) AND user_id = ?
                    GROUP BY label_id
                    """)) {
                sample.setLong(1, driver.id());
                sample.setInt(2, SAMPLED);
                sample.setLong(3, driver.id());
                try (ResultSet rs = sample.executeQuery()) {
                    while (rs.next()) {
                        plan.add(new GetScenario.Planned(driver, "/api/scans/?label=" + rs.getLong(1),
                                Pattern.compile("^\\{\"count\":\\s*" + rs.getLong(2) + "\\b")));
                    }
                }
            }
        }
        return plan;
    }

    private static List<GetScenario.Planned> retrievePlan(LoadWorld measured) throws SQLException {
        List<GetScenario.Planned> plan = new ArrayList<>();
        for (LoadWorld.Driver driver : measured.drivers()) {
            try (PreparedStatement sample = measured.database().prepareStatement(
                    "SELECT id FROM scans WHERE user_id = ? ORDER BY random() LIMIT ?")) {
                sample.setLong(1, driver.id());
                sample.setInt(2, SAMPLED);
                try (ResultSet rs = sample.executeQuery()) {
                    while (rs.next()) {
                        plan.add(new GetScenario.Planned(driver, "/api/scans/" + rs.getLong(1) + "/",
                                Pattern.compile("^\\{\"id\":\\s*" + rs.getLong(1) + "\\b")));
                    }
                }
            }
        }
        return plan;
    }

    /**
     * Journeys of labels anywhere in the driver's history: a driver's journey shows their own scans only
     * (the faults issue), so each driver asks for labels they scanned.
     */
    private static List<GetScenario.Planned> journeyPlan(LoadWorld measured) throws SQLException {
        List<GetScenario.Planned> plan = new ArrayList<>();
        for (LoadWorld.Driver driver : measured.drivers()) {
            try (PreparedStatement sample = measured.database().prepareStatement(
                    "SELECT label_id FROM scans WHERE user_id = ? ORDER BY random() LIMIT ?")) {
                sample.setLong(1, driver.id());
                sample.setInt(2, SAMPLED);
                try (ResultSet rs = sample.executeQuery()) {
                    while (rs.next()) {
                        plan.add(new GetScenario.Planned(driver, "/api/labels/" + rs.getLong(1) + "/journey/",
                                Pattern.compile("\"scans\":\\s*\\[\\{")));
                    }
                }
            }
        }
        return plan;
    }

    /** Bytes on disk of the scans table, each of its indexes, and the other tables that grow with it. */
    static Map<String, Long> relationBytes(Connection database) throws SQLException {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (Statement statement = database.createStatement(); ResultSet rs = statement.executeQuery("""
                SELECT 'scans (table)', pg_table_size('scans')
                UNION ALL
                SELECT i.indexrelid::regclass::text, pg_relation_size(i.indexrelid)
                FROM pg_index i WHERE i.indrelid = 'scans'::regclass
                UNION ALL SELECT 'labels (table and indexes)', pg_total_relation_size('labels')
                UNION ALL SELECT 'scan_counts, scan_count_changes', pg_total_relation_size('scan_counts') + pg_total_relation_size('scan_count_changes')
                """)) {
            while (rs.next()) {
                bytes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return bytes;
    }

    private static long count(Connection database, String sql) throws SQLException {
        try (Statement statement = database.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
