package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The levers one by one: each variant of the service (a JVM option, a property, a runtime, another
 * build of the jar) started fresh on the same durable PostgreSQL, warmed up, and measured with wrk
 * against the pgbench ceiling taken just before it, in rounds that alternate the variants so that a
 * busy minute on the machine does not fall on one variant only. Writes the table behind
 * docs/profiling.md's lever list.
 */
final class Levers {

    /** One way of running the service. */
    record Variant(String name, Path javaHome, Path jar, List<String> jvmOptions) {
    }

    /** One measurement of one variant. */
    record Run(Variant variant, int round, double ceiling, double creates, double p99, double serviceMs, double postgresMs, double reads,
               double readP99, double readServiceMs, double rssMb, List<String> problems) {
    }

    private static final int CONNECTIONS = 64;

    private Levers() {
    }

    static int run(Options options, PrintStream out) throws Exception {
        Path jar = LoadTool.path(options, "service-jar", "service/target/scanledger.jar").toAbsolutePath();
        Path work = Files.createDirectories(LoadTool.path(options, "work-dir", "target/levers")).toAbsolutePath();
        Path report = LoadTool.path(options, "out", "docs/levers.md");
        Duration step = options.seconds("duration", 15);
        int rounds = options.integer("rounds", 2);
        Path jdk17 = Path.of(System.getProperty("java.home"));
        String jdk25Text = options.text("jdk25", "");
        Map<String, Variant> known = variants(jdk17, jdk25Text.isBlank() ? null : Path.of(jdk25Text), jar);
        // name=path, or name=path;option;option...: another build of the jar, with the README's options and any given.
        for (String extra : options.list("jars", "")) {
            if (!extra.isBlank()) {
                String[] nameAndRest = extra.split("=", 2);
                String[] pathAndOptions = nameAndRest[1].split(";");
                List<String> jvmOptions = new ArrayList<>(Bench.SERVICE_JVM_OPTIONS);
                jvmOptions.addAll(List.of(pathAndOptions).subList(1, pathAndOptions.length));
                known.put(nameAndRest[0], new Variant(nameAndRest[0], jdk17, Path.of(pathAndOptions[0]).toAbsolutePath(), List.copyOf(jvmOptions)));
            }
        }
        List<Variant> chosen = new ArrayList<>();
        String wanted = options.text("variants", "");
        for (String name : wanted.isBlank() ? List.copyOf(known.keySet()) : List.of(wanted.split(","))) {
            Variant variant = known.get(name);
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; variants: " + known.keySet());
            }
            chosen.add(variant);
        }
        if (!WrkRun.available() || !PgbenchCeiling.available()) {
            throw new IllegalStateException("levers need wrk and pgbench on the PATH (bench/levers installs them)");
        }
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        String loadAtStart = Bench.loadAverage();
        List<Run> runs = new ArrayList<>();
        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true);
             Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            // The schema comes from the service's migrations: one start of the baseline creates it.
            try (ServiceProcess first = ServiceProcess.start(jar, database.jdbcUrl(), work, "migrate", Bench.SERVICE_JVM_OPTIONS)) {
                first.awaitHealthy();
            }
            LoadWorld world = LoadWorld.create(connection, 16);
            for (int round = 1; round <= rounds; round++) {
                for (Variant variant : chosen) {
                    runs.add(measure(variant, round, database, world, step, work, out));
                }
            }
        }
        String markdown = markdown(runs, chosen, started, loadAtStart, step, options.text("command", "bench/levers"));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        out.print(markdown);
        out.println("written to " + report);
        return runs.stream().allMatch(r -> r.problems().isEmpty()) ? 0 : 1;
    }

    static Map<String, Variant> variants(Path jdk17, Path jdk25, Path jar) {
        Map<String, Variant> variants = new LinkedHashMap<>();
        List<String> readme = Bench.SERVICE_JVM_OPTIONS;
        add(variants, "baseline", jdk17, jar, readme);
        add(variants, "serial-gc", jdk17, jar, readme, "-XX:+UseSerialGC");
        add(variants, "parallel-gc", jdk17, jar, readme, "-XX:+UseParallelGC");
        add(variants, "fixed-heap", jdk17, jar, readme, "-Xms256m", "-XX:+AlwaysPreTouch");
        add(variants, "heap-128m", jdk17, jar, List.of("-Xmx128m"));
        add(variants, "jetty-threads-16", jdk17, jar, readme, "-Dserver.jetty.threads.max=16");
        add(variants, "jetty-threads-200", jdk17, jar, readme, "-Dserver.jetty.threads.max=200");
        add(variants, "pool-8", jdk17, jar, readme, "-Dspring.datasource.hikari.maximum-pool-size=8");
        add(variants, "pool-32", jdk17, jar, readme, "-Dspring.datasource.hikari.maximum-pool-size=32");
        add(variants, "virtual-threads", jdk17, jar, readme, "-Dspring.threads.virtual.enabled=true");
        add(variants, "no-request-handled-events", jdk17, jar, readme, "-Dspring.mvc.publish-request-handled-events=false");
        // Micrometer's logback binder installs a turbo filter that every logger's level check passes through.
        add(variants, "no-logback-metrics", jdk17, jar, readme, "-Dspring.autoconfigure.exclude="
                + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
                + "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration");
        if (jdk25 != null) {
            add(variants, "jdk25", jdk25, jar, readme);
            add(variants, "jdk25-compact-headers", jdk25, jar, readme, "-XX:+UseCompactObjectHeaders");
            add(variants, "jdk25-virtual-threads", jdk25, jar, readme, "-Dspring.threads.virtual.enabled=true");
        }
        return variants;
    }

    private static void add(Map<String, Variant> variants, String name, Path javaHome, Path jar, List<String> base, String... more) {
        List<String> options = new ArrayList<>(base);
        options.addAll(List.of(more));
        variants.put(name, new Variant(name, javaHome, jar, List.copyOf(options)));
    }

    private static Run measure(Variant variant, int round, DatabaseServer database, LoadWorld world, Duration step, Path work,
                               PrintStream out) throws Exception {
        List<String> problems = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(variant.javaHome(), variant.jar(), database.jdbcUrl(), work,
                variant.name() + "-" + round, variant.jvmOptions())) {
            service.awaitHealthy();
            try (RssSampler rss = new RssSampler(service.pid())) {
                URI base = service.baseUrl();
                CpuMeter cpu = new CpuMeter(service.pid(), database.postmasterPid());
                problems.addAll(WarmUp.untilSettled(base, world, cpu, work, out));
                PgbenchCeiling.Result ceiling = PgbenchCeiling.run(database, world, CONNECTIONS, step, work);
                problems.addAll(ceiling.problems());
                CpuTime started = cpu.now();
                WrkRun.Result creates = WrkRun.creates(base, world, CONNECTIONS, step, work);
                CpuTime createCpu = cpu.since(started);
                problems.addAll(creates.problems());
                started = cpu.now();
                WrkRun.Result reads = WrkRun.gets("read", base, reads(world), CONNECTIONS, step, work);
                CpuTime readCpu = cpu.since(started);
                problems.addAll(reads.problems());
                double ceilingRate = ceiling.measurement().perSecond(ceiling.measurement().requests());
                Run run = new Run(variant, round, ceilingRate, creates.perSecond(), creates.p99(),
                        1000 * createCpu.service() / creates.requests(), 1000 * createCpu.postgres() / creates.requests(), reads.perSecond(),
                        reads.p99(), 1000 * readCpu.service() / reads.requests(), rss.peakMb(), problems);
                out.printf("%s round %d: ceiling %.0f/s, creates %.0f/s (%.0f%%), p99 %.1f ms, service %.3f ms/create, reads %.0f/s, "
                                + "service %.3f ms/read, RSS %.0f MB, load %s %s%n", variant.name(), round, ceilingRate, creates.perSecond(),
                        100 * creates.perSecond() / ceilingRate, creates.p99(), run.serviceMs(), reads.perSecond(), run.readServiceMs(),
                        run.rssMb(), Bench.loadAverage(), problems);
                return run;
            }
        }
    }

    private static List<Map.Entry<String, String>> reads(LoadWorld world) throws java.sql.SQLException {
        List<Map.Entry<String, String>> reads = new ArrayList<>();
        for (LoadWorld.Driver driver : world.drivers()) {
            reads.add(Map.entry(driver.token(), "/api/scans/?page=1"));
            try (java.sql.PreparedStatement newest = world.database().prepareStatement(
                    "SELECT id FROM scans WHERE user_id = ? ORDER BY id DESC LIMIT 20")) {
                newest.setLong(1, driver.id());
                try (java.sql.ResultSet rs = newest.executeQuery()) {
                    while (rs.next()) {
                        reads.add(Map.entry(driver.token(), "/api/scans/" + rs.getLong(1) + "/"));
                    }
                }
            }
        }
        return reads;
    }

    private static String markdown(List<Run> runs, List<Variant> variants, OffsetDateTime started, String loadAtStart, Duration step,
                                   String command) {
        StringBuilder md = new StringBuilder("# Levers, measured one by one\n\n");
        md.append("Recorded by `").append(command).append("` on ").append(started).append(" (load average ").append(loadAtStart)
                .append(" at the start, ").append(Bench.loadAverage()).append(" at the end, on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores). Each variant is started fresh on the same durable ")
                .append("PostgreSQL, warmed up (creates in windows of ").append(WarmUp.WINDOW.toSeconds())
                .append(" s until the service's CPU per create settles, then reads), then measured for ")
                .append(step.toSeconds()).append(" s each with wrk at ").append(CONNECTIONS).append(" connections right after a pgbench ")
                .append("ceiling of the same INSERT; the rounds alternate the variants. Medians over the rounds; service CPU per request ")
                .append("from /proc is the steadiest figure on a shared machine.\n\n");
        md.append("| variant | JVM options | creates, % of ceiling | service CPU ms per create | PostgreSQL CPU ms per create | create p99 ms ")
                .append("| reads /s | service CPU ms per read | read p99 ms | peak RSS MB | runs |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            List<Run> mine = runs.stream().filter(r -> r.variant().equals(variant)).toList();
            md.append("| %s | `%s`%s | %.0f%% | %.3f | %.3f | %.1f | %.0f | %.3f | %.1f | %.0f | %d%s |\n".formatted(variant.name(),
                    String.join(" ", variant.jvmOptions()), variant.javaHome().getFileName().toString().contains("25") ? " (JDK 25)" : "",
                    100 * median(mine, r -> r.creates() / r.ceiling()), median(mine, Run::serviceMs), median(mine, Run::postgresMs),
                    median(mine, Run::p99), median(mine, Run::reads), median(mine, Run::readServiceMs), median(mine, Run::readP99),
                    median(mine, Run::rssMb), mine.size(), mine.stream().allMatch(r -> r.problems().isEmpty()) ? "" : " (NOT VERIFIED)"));
        }
        md.append("\nEvery run:\n\n| variant | round | ceiling /s | creates /s | service ms/create | reads /s | service ms/read | p99 create ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            md.append("| %s | %d | %.0f | %.0f | %.3f | %.0f | %.3f | %.1f |\n".formatted(r.variant().name(), r.round(), r.ceiling(), r.creates(),
                    r.serviceMs(), r.reads(), r.readServiceMs(), r.p99()));
        }
        return md.toString();
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
