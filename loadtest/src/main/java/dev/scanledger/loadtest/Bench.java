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
    static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xmx256m");

    private static final int DRIVERS = 16;
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
        Path work = Files.createDirectories(LoadTool.path(options, "work-dir", "target/bench"));
        Path report = LoadTool.path(options, "out", "docs/benchmarks.md");
        Duration step = options.seconds("duration", 15);
        BenchReport bench = new BenchReport(options.text("command", "bench/run"), step);

        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true)) {
            out.println("PostgreSQL (durable) at " + database.jdbcUrl() + ", data " + database.dataDirectory());
            try (ServiceProcess service = ServiceProcess.start(jar, database.jdbcUrl(), work, "service", SERVICE_JVM_OPTIONS)) {
                service.awaitHealthy();
                out.println("service pid " + service.pid() + " at " + service.baseUrl() + ", log " + service.log());
                try (RssSampler rss = new RssSampler(service.pid());
                     Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
                    bench.database(settings(connection));
                    bench.idleRssMb(rss.maxRssMb());
                    LoadWorld world = LoadWorld.create(connection, DRIVERS);
                    List<URI> instances = List.of(service.baseUrl());

                    CpuMeter cpu = new CpuMeter(service.pid(), database.postmasterPid());

                    // The first seconds of a JVM measure the JIT, not the service.
                    bench.warmup(scenario("create", instances, world, 16, step, out));

                    for (int clients : List.of(8, 64)) {
                        cpu.start();
                        JdbcCeiling.Result ceiling = ceiling(database, world, clients, step, out);
                        bench.ceiling(clients, ceiling, cpu.used());
                        cpu.start();
                        bench.service(scenario("create", instances, world, clients, step, out), cpu.used());
                    }
                    cpu.start();
                    bench.service(scenario("burst", instances, world, 8, step, out), cpu.used());
                    cpu.start();
                    bench.service(scenario("duplicate", instances, world, 8, step, out), cpu.used());
                    for (int clients : List.of(8, 64)) {
                        cpu.start();
                        bench.service(scenario("read", instances, world, clients, step, out), cpu.used());
                    }
                    // Batch calls carry up to 1,000 scans each way: the memory peak before them tells what they add.
                    bench.rssBeforeBatchMb(rss.peakMb());
                    // The batch path (big JSON arrays, insert-all) is not what the create warm-up compiled.
                    bench.batchWarmup(scenario("batch", instances, world, BATCH_CLIENTS,
                            step.compareTo(BATCH_WARMUP) < 0 ? step : BATCH_WARMUP, out));
                    cpu.start();
                    bench.service(scenario("batch", instances, world, BATCH_CLIENTS, step, out), cpu.used());
                    cpu.start();
                    bench.service(scenario("idempotent", instances, world, IDEMPOTENT_CLIENTS, step, out), cpu.used());
                    bench.rssMb(rss.maxRssMb(), rss.peakMb());

                    cpu.start();
                    CopyBaseline.Result copy = CopyBaseline.run(database.jdbcUrl(), world, COPY_ROWS, COPY_BATCH);
                    out.printf("COPY: %d rows = %.0f rows/s%n", copy.rows(), copy.rowsPerSecond());
                    bench.copy(copy, cpu.used());
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

    /** CPU used since the last start. */
    private static final class CpuMeter {
        private final long servicePid;
        private final long postmasterPid;
        private CpuTime started;

        CpuMeter(long servicePid, long postmasterPid) {
            this.servicePid = servicePid;
            this.postmasterPid = postmasterPid;
        }

        void start() {
            started = CpuTime.of(servicePid, postmasterPid);
        }

        CpuTime used() {
            return CpuTime.of(servicePid, postmasterPid).minus(started);
        }
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
            for (String query : List.of("SELECT version()", "SHOW fsync", "SHOW synchronous_commit", "SHOW full_page_writes")) {
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
