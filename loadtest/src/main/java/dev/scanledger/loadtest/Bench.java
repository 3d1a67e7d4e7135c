package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole benchmark in one run, so every ratio compares figures taken minutes apart on the same
 * machine: a durable PostgreSQL of our own, the service jar on it, the JDBC ceiling and COPY on the same
 * server, then the service's scenarios while its RSS is sampled. Writes docs/benchmarks.md.
 */
final class Bench {

    /** The heap the README's run command gives the service: without a cap the JVM sizes it from the machine's RAM. */
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx128m");

    private static final int DRIVERS = 16;
    /** Drivers whose own lists the data-size steps read; a tenth of the filled rows is theirs. */
    static final int MEASURED_DRIVERS = 4;
    /** Scans each measured driver holds before the fill: enough for the deep page. */
    private static final int BASE_HISTORY = 1_100;
    /** Unmeasured passes of the data-size steps before the base is measured. */
    static final int SIZE_WARMUP_PASSES = 2;
    /** Measured passes of the data-size steps at each size; each step keeps its cheaper pass. */
    static final int SIZE_MEASURED_PASSES = 2;
    static final int BURST = 8;
    /** Batch sync step: clients, scans per call (the endpoint's maximum), and the share of repeated pairs. */
    static final int BATCH_CLIENTS = 8;
    static final int BATCH_SIZE = 1000;
    static final double BATCH_OVERLAP = 0.1;
    /** Idempotent retries: clients, and identical keyed calls per volley (plus one late retry). */
    static final int IDEMPOTENT_CLIENTS = 8;
    private static final Duration BATCH_WARMUP = Duration.ofSeconds(5);
    /** Upper bounds on requests; the duration is what normally ends a step. */
    private static final long SERVICE_REQUESTS = 200_000;
    private static final long CEILING_INSERTS = 400_000;
    private static final long COPY_ROWS = 200_000;
    private static final int COPY_BATCH = 1000;

    private Bench() {
    }

    static int run(Options options, PrintStream out) throws Exception {
        Path jar = LoadTool.path(options, "service-jar", "service/target/scanledger.jar");
        Path work = Files.createDirectories(LoadTool.path(options, "work-dir", "target/bench")).toAbsolutePath();
        Path report = LoadTool.path(options, "out", "docs/benchmarks.md");
        Duration step = options.seconds("duration", 15);
        Duration sizeStep = options.seconds("size-duration", 10);
        List<Long> sizes = options.list("sizes", "1000000").stream().filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        String jdk25 = options.text("jdk25", "");
        BenchReport bench = new BenchReport(options.text("command", "bench/run"), step);
        bench.sizeStep(sizeStep);
        if (!PgbenchCeiling.available()) {
            bench.note("pgbench not found on the PATH: no pgbench ceiling in this run");
        }
        if (!WrkRun.available()) {
            bench.note("wrk not found on the PATH: no wrk steps in this run");
        }

        String sharedBuffers = options.text("shared-buffers", "");
        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true, 0, DatabaseServer.MAX_CONNECTIONS, sharedBuffers)) {
            out.println("PostgreSQL (durable) at " + database.jdbcUrl() + ", data " + database.dataDirectory());
            LoadWorld world;
            try (ServiceProcess service = ServiceProcess.start(jar, database.jdbcUrl(), work, "service", SERVICE_JVM_OPTIONS);
                 Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
                service.awaitHealthy();
                out.println("service pid " + service.pid() + " at " + service.baseUrl() + ", log " + service.log());
                try (RssSampler rss = new RssSampler(service.pid())) {
                    bench.database(settings(connection));
                    bench.idleRssMb(rss.maxRssMb());
                    world = LoadWorld.create(connection, DRIVERS);
                    LoadWorld measured = LoadWorld.create(connection, MEASURED_DRIVERS);
                    List<URI> instances = List.of(service.baseUrl());
                    URI base = service.baseUrl();
                    CpuMeter cpu = new CpuMeter(service.pid(), database.postmasterPid());

                    // The first seconds of a JVM measure the JIT, not the service.
                    bench.warmup(scenario("create", instances, world, 16, step, out));
                    if (WrkRun.available()) {
                        WarmUp.untilSettled(base, world, cpu, work, out).forEach(p -> bench.note("warm-up: " + p));
                    }

                    // The data-size baseline: the measured drivers get a history of their own, long enough for the deep page.
                    DataFill fill = DataFill.prepare(connection, world, measured.drivers());
                    fill.giveEach(BASE_HISTORY);
                    vacuumAnalyze(connection);
                    SizeSteps.trackStatements(connection);
                    // The data-size steps' own paths (lists, journeys, batch) are not what the create warm-up compiled, and one
                    // pass did not compile them all: a base measured after one pass came out up to 1.65x what the same step
                    // cost at 1M, after the main steps.
                    for (int pass = 1; pass <= SIZE_WARMUP_PASSES; pass++) {
                        SizeSteps.measure("warm-up " + pass, 1, instances, world, measured, sizeStep, cpu, out);
                    }
                    bench.size(SizeSteps.measure("base", SIZE_MEASURED_PASSES, instances, world, measured, sizeStep, cpu, out));

                    for (int clients : List.of(16, 64)) {
                        CpuTime started = cpu.now();
                        JdbcCeiling.Result ceiling = ceiling(database, world, clients, step, out);
                        bench.ceiling("JDBC", clients, ceiling.measurement(), ceiling.problems(), cpu.since(started));
                        if (PgbenchCeiling.available()) {
                            started = cpu.now();
                            PgbenchCeiling.Result pgbench = PgbenchCeiling.run(database, world, clients, step, work, PgbenchCeiling.Script.INSERT);
                            out.printf("pgbench ceiling, %d connections: %.0f inserts/s %s%n", clients,
                                    pgbench.measurement().perSecond(pgbench.measurement().requests()), pgbench.problems());
                            bench.ceiling("pgbench", clients, pgbench.measurement(), pgbench.problems(), cpu.since(started));
                            started = cpu.now();
                            PgbenchCeiling.Result exchange = PgbenchCeiling.run(database, world, clients, step, work, PgbenchCeiling.Script.EXCHANGE);
                            out.printf("pgbench, the service's statements per create, %d connections: %.0f/s %s%n", clients,
                                    exchange.measurement().perSecond(exchange.measurement().requests()), exchange.problems());
                            bench.exchange(clients, exchange.measurement(), exchange.problems(), cpu.since(started));
                        }
                        started = cpu.now();
                        bench.service(scenario("create", instances, world, clients, step, out), cpu.since(started));
                        if (WrkRun.available()) {
                            started = cpu.now();
                            WrkRun.Result wrk = WrkRun.creates(base, world, clients, step, work);
                            out.printf("wrk creates, %d connections: %.0f/s p99 %.2f ms %s%n", clients, wrk.perSecond(), wrk.p99(), wrk.problems());
                            bench.wrk(wrk, cpu.since(started));
                        }
                    }
                    // One burst at a time, as a handheld on a flaky network sends it, then eight at once (64 calls in flight).
                    CpuTime started;
                    for (int clients : List.of(1, 8)) {
                        started = cpu.now();
                        ScenarioResult burst = scenario("burst", instances, world, clients, step, out);
                        bench.service(burst, cpu.since(started));
                        bench.burst(burst);
                    }
                    // The queue of eight bursts at once without a duplicate in it: what the duplicates' latency is read against.
                    started = cpu.now();
                    ScenarioResult volley = scenario("volley", instances, world, 8, step, out);
                    bench.service(volley, cpu.since(started));
                    bench.volley(volley);
                    started = cpu.now();
                    bench.service(scenario("duplicate", instances, world, 8, step, out), cpu.since(started));
                    for (int clients : List.of(16, 64)) {
                        started = cpu.now();
                        bench.service(scenario("read", instances, world, clients, step, out), cpu.since(started));
                    }
                    if (WrkRun.available()) {
                        List<Map.Entry<String, String>> reads = reads(world);
                        started = cpu.now();
                        WrkRun.Result wrk = WrkRun.gets("read", base, reads, 64, step, work);
                        out.printf("wrk reads, 64 connections: %.0f/s p99 %.2f ms %s%n", wrk.perSecond(), wrk.p99(), wrk.problems());
                        bench.wrk(wrk, cpu.since(started));
                    }
                    // Batch calls carry up to 1,000 scans each way: the memory peak before them tells what they add.
                    bench.rssBeforeBatchMb(rss.peakMb());
                    // The batch path (big JSON arrays, insert-all) is not what the create warm-up compiled.
                    bench.batchWarmup(scenario("batch", instances, world, BATCH_CLIENTS,
                            step.compareTo(BATCH_WARMUP) < 0 ? step : BATCH_WARMUP, out));
                    started = cpu.now();
                    bench.service(scenario("batch", instances, world, BATCH_CLIENTS, step, out), cpu.since(started));
                    started = cpu.now();
                    bench.service(scenario("idempotent", instances, world, IDEMPOTENT_CLIENTS, step, out), cpu.since(started));
                    started = cpu.now();
                    CopyBaseline.Result copy = CopyBaseline.run(database.jdbcUrl(), world, COPY_ROWS, COPY_BATCH);
                    out.printf("COPY: %d rows = %.0f rows/s%n", copy.rows(), copy.rowsPerSecond());
                    bench.copy(copy, cpu.since(started));
                    bench.rssMainMb(rss.peakMb());

                    for (long size : sizes) {
                        Map<String, Long> before = SizeSteps.relationBytes(connection);
                        long fillStarted = System.nanoTime();
                        long added = fill.growTo(size);
                        vacuumAnalyze(connection);
                        double seconds = (System.nanoTime() - fillStarted) / 1e9;
                        out.printf("filled to %d scans: %d rows in %.0f s%n", size, added, seconds);
                        bench.fill(new BenchReport.Fill(size, added, seconds, before, SizeSteps.relationBytes(connection)));
                        bench.size(SizeSteps.measure(size >= 1_000_000 ? size / 1_000_000 + "M" : size / 1000 + "k", SIZE_MEASURED_PASSES,
                                instances, world, measured, sizeStep, cpu, out));
                    }
                    bench.rssMb(rss.maxRssMb(), rss.peakMb());
                }
            }
            if (options.flag("startup", true)) {
                StartupTimer startup = new StartupTimer(jar, database.jdbcUrl(), work, world.drivers().get(0), SERVICE_JVM_OPTIONS, out);
                String toolsJdk = "JDK " + Runtime.version().feature() + " (the tool's)";
                bench.startup(startup.plain(toolsJdk, Path.of(System.getProperty("java.home"))));
                bench.startup(startup.withCdsArchive(toolsJdk, Path.of(System.getProperty("java.home"))));
                if (!jdk25.isBlank()) {
                    Path home = Path.of(jdk25);
                    bench.startup(startup.plain("JDK 25", home));
                    bench.startup(startup.withAotCache("JDK 25", home));
                }
            }
        }
        String markdown = bench.markdown();
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown + ReportSections.kept(report));
        out.println();
        out.print(markdown);
        out.println("written to " + report);
        return bench.allVerified() ? 0 : 1;
    }

    /** A size step reads what the fill wrote; a table that autovacuum has not reached yet would make the first size look worse. */
    private static void vacuumAnalyze(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE) scans, labels, scan_counts, scan_count_changes");
        }
    }

    /** For wrk: each driver's newest scans retrieved, and their list's first page, in turn. */
    private static List<Map.Entry<String, String>> reads(LoadWorld world) throws SQLException {
        List<Map.Entry<String, String>> reads = new ArrayList<>();
        for (LoadWorld.Driver driver : world.drivers()) {
            try (java.sql.PreparedStatement newest = world.database().prepareStatement(
                    "SELECT id FROM scans WHERE user_id = ? ORDER BY id DESC LIMIT 100")) {
                newest.setLong(1, driver.id());
                try (ResultSet rs = newest.executeQuery()) {
                    while (rs.next()) {
                        reads.add(Map.entry(driver.token(), "/api/scans/" + rs.getLong(1) + "/"));
                        reads.add(Map.entry(driver.token(), "/api/scans/?page=1"));
                    }
                }
            }
        }
        return reads;
    }

    private static ScenarioResult scenario(String name, List<URI> instances, LoadWorld world, int clients, Duration duration,
                                           PrintStream out) throws SQLException, InterruptedException {
        Scenario scenario = Scenarios.named(name, instances,
                new Scenarios.Settings(BURST, BATCH_SIZE, BATCH_OVERLAP, true));
        ScenarioResult result = ScenarioRun.execute(scenario, world, new RunLimits(clients, SERVICE_REQUESTS, duration));
        result.print(out);
        return result;
    }

    private static JdbcCeiling.Result ceiling(DatabaseServer database, LoadWorld world, int connections, Duration duration,
                                              PrintStream out) throws SQLException, InterruptedException {
        JdbcCeiling.Result result = JdbcCeiling.run(database.jdbcUrl(), world, new RunLimits(connections, CEILING_INSERTS, duration));
        out.printf("JDBC ceiling, %d connections: %.0f inserts/s, p99 %.2f ms %s%n", connections,
                result.measurement().perSecond(result.measurement().requests()), result.measurement().all().percentileMillis(99),
                result.problems().isEmpty() ? "" : result.problems());
        return result;
    }

    private static Map<String, String> settings(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String query : List.of("SELECT version()", "SHOW fsync", "SHOW synchronous_commit", "SHOW full_page_writes",
                    "SHOW shared_buffers")) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    rs.next();
                    settings.put(query.replace("SELECT ", "").replace("SHOW ", ""), rs.getString(1));
                }
            }
        }
        return settings;
    }

    /** The first three fields of /proc/loadavg: how busy the machine was besides this run. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static List<String> machine() {
        List<String> facts = new ArrayList<>();
        facts.add("nproc: " + Runtime.getRuntime().availableProcessors());
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> facts.add("CPU: " + l.substring(l.indexOf(':') + 1).trim()));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> facts.add("memory: " + l.substring(l.indexOf(':') + 1).trim()));
        } catch (java.io.IOException e) {
            facts.add("(no /proc: " + e + ")");
        }
        facts.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), same JDK for the service and the tool");
        facts.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return facts;
    }
}
