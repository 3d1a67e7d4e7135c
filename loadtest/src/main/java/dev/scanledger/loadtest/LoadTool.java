package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the load tool. Exit code 0: every run verified; 1: a 5xx or a broken invariant;
 * 2: usage.
 */
public final class LoadTool {

    static final String USAGE = """
            Usage: java -jar scanledger-loadtest.jar <command> [--name value ...]
              run      --url http://127.0.0.1:8000[,http://127.0.0.1:8001] --jdbc <jdbc:postgresql://127.0.0.1:...>
                       [--scenario create|burst|read|batch|idempotent] [--clients 8] [--requests 20000]
                       [--duration 10] [--burst 8] [--drivers 16]
                       batch: [--batch-size 100] [--overlap 0.1]   idempotent: [--burst 8] [--late-retry yes]
              ceiling  --jdbc <url> [--clients 8] [--requests 500000] [--duration 10]
              copy     --jdbc <url> [--rows 200000] [--batch 1000]
              bench    --service-jar service/target/scanledger.jar --work-dir <empty dir>
                       [--out docs/benchmarks.md] [--duration 15] [--size-duration 10] [--sizes 1000000[,10000000]]
                       [--startup yes] [--jdk25 <JDK 25 home>] [--command "bench/run"]
              migration-bench --service-jar service/target/scanledger.jar --work-dir <empty dir>
                       [--scans 1000000] [--out docs/benchmarks.md] [--command "bench/migrate-from-django"]
              levers   --service-jar service/target/scanledger.jar --work-dir <empty dir> [--out docs/levers.md]
                       [--duration 15] [--rounds 2] [--jvms 3] [--variants baseline,serial-gc,...]
                       [--jars name=path,...] [--jdk25 <JDK 25 home>]
              profile  <recording.jfr>   service CPU by layer, from JFR execution samples (docs/profiling.md)
            The database must carry the service's schema (start the service on it once). Load goes to
            127.0.0.1 only; every run stops at --requests or --duration, whichever comes first.
            """;

    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(Arrays.asList(args), System.out));
    }

    static int run(List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            out.print(USAGE);
            return 2;
        }
        if (args.get(0).equals("profile")) {
            return ProfileLayers.run(args.subList(1, args.size()), out);
        }
        Options options;
        try {
            options = new Options(args.subList(1, args.size()));
            return switch (args.get(0)) {
                case "run" -> scenario(options, out);
                case "ceiling" -> ceiling(options, out);
                case "copy" -> copy(options, out);
                case "bench" -> Bench.run(options, out);
                case "migration-bench" -> MigrationBench.run(options, out);
                case "levers" -> Levers.run(options, out);
                default -> {
                    out.print(USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(USAGE);
            return 2;
        }
    }

    private static int scenario(Options options, PrintStream out) throws Exception {
        List<URI> urls = options.list("url", "http://127.0.0.1:8000").stream().map(URI::create).map(Loopback::require).toList();
        Scenarios.Settings defaults = Scenarios.Settings.DEFAULTS;
        Scenario scenario = Scenarios.named(options.text("scenario", "burst"), urls, new Scenarios.Settings(
                options.integer("burst", defaults.burst()), options.integer("batch-size", defaults.batchSize()),
                options.decimal("overlap", defaults.overlap()), options.flag("late-retry", defaults.lateRetry())));
        RunLimits limits = new RunLimits(options.integer("clients", 8), options.number("requests", 20_000),
                options.seconds("duration", 10));
        try (Connection database = DriverManager.getConnection(Loopback.requireJdbc(options.required("jdbc")))) {
            LoadWorld world = LoadWorld.create(database, options.integer("drivers", 16));
            out.println("run " + world.runId() + " against " + urls);
            ScenarioResult result = ScenarioRun.execute(scenario, world, limits);
            result.print(out);
            return result.passed() ? 0 : 1;
        }
    }

    private static int ceiling(Options options, PrintStream out) throws Exception {
        String jdbc = Loopback.requireJdbc(options.required("jdbc"));
        RunLimits limits = new RunLimits(options.integer("clients", 8), options.number("requests", 500_000),
                options.seconds("duration", 10));
        try (Connection database = DriverManager.getConnection(jdbc)) {
            JdbcCeiling.Result result = JdbcCeiling.run(jdbc, LoadWorld.create(database, 1), limits);
            Latencies l = result.measurement().all();
            out.printf("JDBC ceiling: %d connections, %d inserts in %.1f s = %.0f inserts/s; ms p50 %.2f p99 %.2f max %.2f%n",
                    limits.clients(), result.measurement().requests(), result.measurement().seconds(),
                    result.measurement().perSecond(result.measurement().requests()),
                    l.percentileMillis(50), l.percentileMillis(99), l.maxMillis());
            result.problems().forEach(p -> out.println("  FAILED: " + p));
            return result.problems().isEmpty() ? 0 : 1;
        }
    }

    private static int copy(Options options, PrintStream out) throws Exception {
        String jdbc = Loopback.requireJdbc(options.required("jdbc"));
        try (Connection database = DriverManager.getConnection(jdbc)) {
            CopyBaseline.Result result = CopyBaseline.run(jdbc, LoadWorld.create(database, 1),
                    options.number("rows", 200_000), options.integer("batch", 1000));
            out.printf("COPY: %d rows in batches of %d in %.2f s = %.0f rows/s%n", result.rows(), result.batchSize(),
                    result.seconds(), result.rowsPerSecond());
            result.problems().forEach(p -> out.println("  FAILED: " + p));
            return result.problems().isEmpty() ? 0 : 1;
        }
    }

    static Path path(Options options, String name, String otherwise) {
        return Path.of(options.text(name, otherwise));
    }
}
