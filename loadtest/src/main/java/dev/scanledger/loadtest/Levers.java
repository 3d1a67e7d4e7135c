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
 * The levers one by one. A shared 2-core machine swings by more than most levers change, so each variant
 * is measured against the baseline in pairs: both services run at once on the same durable PostgreSQL,
 * warmed up, and short windows of load alternate between them (baseline creates, variant creates,
 * variant reads, baseline reads, in ABBA order, the first service changing from round to round, so a
 * drift of the machine falls on both). {@code baseline-again} measures the baseline against itself. A
 * round gives the ratio of the variant's service CPU per request to the baseline's; the table gives the
 * median and the range over the rounds. Writes the table behind docs/profiling.md's lever list.
 */
final class Levers {

    /** One way of running the service. */
    record Variant(String name, Path javaHome, Path jar, List<String> jvmOptions) {
    }

    /** One window of load on one service: requests/s, service CPU ms per request, p99 ms. */
    record Window(double perSecond, double serviceMs, double p99) {
    }

    /** The rounds of one variant against the baseline. */
    record Pair(Variant variant, List<Window[]> rounds, double baselineRssMb, double variantRssMb, List<String> problems) {

        /** Window order within a round: baseline creates, variant creates, variant reads, baseline reads. */
        static final int B_CREATES = 0;
        static final int V_CREATES = 1;
        static final int V_READS = 2;
        static final int B_READS = 3;
    }

    private static final int CONNECTIONS = 64;

    private Levers() {
    }

    static int run(Options options, PrintStream out) throws Exception {
        Path jar = LoadTool.path(options, "service-jar", "service/target/scanledger.jar").toAbsolutePath();
        Path work = Files.createDirectories(LoadTool.path(options, "work-dir", "target/levers")).toAbsolutePath();
        Path report = LoadTool.path(options, "out", "docs/levers.md");
        Duration window = options.seconds("duration", 10);
        int rounds = options.integer("rounds", 4);
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
        Variant baseline = known.get("baseline");
        List<Variant> chosen = new ArrayList<>();
        String wanted = options.text("variants", "");
        for (String name : wanted.isBlank() ? List.copyOf(known.keySet()) : List.of(wanted.split(","))) {
            Variant variant = known.get(name);
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; variants: " + known.keySet());
            }
            if (variant != baseline) {
                chosen.add(variant);
            }
        }
        if (!WrkRun.available()) {
            throw new IllegalStateException("levers need wrk on the PATH (bench/levers installs it)");
        }
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        String loadAtStart = Bench.loadAverage();
        List<Pair> pairs = new ArrayList<>();
        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true);
             Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            // The schema comes from the service's migrations: one start of the baseline creates it.
            try (ServiceProcess first = ServiceProcess.start(jar, database.jdbcUrl(), work, "migrate", Bench.SERVICE_JVM_OPTIONS)) {
                first.awaitHealthy();
            }
            LoadWorld world = LoadWorld.create(connection, 16);
            for (Variant variant : chosen) {
                pairs.add(pair(baseline, variant, rounds, database, world, window, work, out));
            }
        }
        String markdown = markdown(pairs, baseline, started, loadAtStart, window, rounds, options.text("command", "bench/levers"));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        out.print(markdown);
        out.println("written to " + report);
        return pairs.stream().allMatch(p -> p.problems().isEmpty()) ? 0 : 1;
    }

    static Map<String, Variant> variants(Path jdk17, Path jdk25, Path jar) {
        Map<String, Variant> variants = new LinkedHashMap<>();
        List<String> readme = Bench.SERVICE_JVM_OPTIONS;
        add(variants, "baseline", jdk17, jar, readme);
        // The baseline against itself: how far two identical services spread on this machine.
        add(variants, "baseline-again", jdk17, jar, readme);
        add(variants, "serial-gc", jdk17, jar, readme, "-XX:+UseSerialGC");
        add(variants, "parallel-gc", jdk17, jar, readme, "-XX:+UseParallelGC");
        add(variants, "fixed-heap", jdk17, jar, readme, "-Xms128m", "-XX:+AlwaysPreTouch");
        add(variants, "heap-256m", jdk17, jar, List.of("-Xmx256m"));
        // Resident memory beside the heap: thread stacks, the JIT's code cache, the C library's allocation arenas.
        add(variants, "heap-192m", jdk17, jar, List.of("-Xmx192m"));
        add(variants, "small-stacks", jdk17, jar, readme, "-Xss256k");
        add(variants, "code-cache-48m", jdk17, jar, readme, "-XX:ReservedCodeCacheSize=48m");
        add(variants, "jetty-threads-16", jdk17, jar, readme, "-Dserver.jetty.threads.max=16");
        add(variants, "jetty-threads-200", jdk17, jar, readme, "-Dserver.jetty.threads.max=200");
        add(variants, "pool-8", jdk17, jar, readme, "-Dspring.datasource.hikari.maximum-pool-size=8");
        add(variants, "pool-32", jdk17, jar, readme, "-Dspring.datasource.hikari.maximum-pool-size=32");
        add(variants, "virtual-threads", jdk17, jar, readme, "-Dspring.threads.virtual.enabled=true");
        // The console issue's budget: the service's own metrics (RequestMetrics) under 5% of a create's CPU.
        add(variants, "no-request-metrics", jdk17, jar, readme, "-Dscanledger.metrics.requests.enabled=false");
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

    private static Pair pair(Variant baselineVariant, Variant variant, int rounds, DatabaseServer database, LoadWorld world, Duration window,
                             Path work, PrintStream out) throws Exception {
        List<String> problems = new ArrayList<>();
        List<Window[]> measured = new ArrayList<>();
        try (ServiceProcess baseline = start(baselineVariant, "baseline-for-" + variant.name(), database, work);
             ServiceProcess other = start(variant, variant.name(), database, work);
             RssSampler baselineRss = new RssSampler(baseline.pid());
             RssSampler otherRss = new RssSampler(other.pid())) {
            CpuMeter baselineCpu = new CpuMeter(baseline.pid(), database.postmasterPid());
            CpuMeter otherCpu = new CpuMeter(other.pid(), database.postmasterPid());
            problems.addAll(WarmUp.untilSettled(baseline.baseUrl(), world, baselineCpu, work, out));
            problems.addAll(WarmUp.untilSettled(other.baseUrl(), world, otherCpu, work, out));
            List<Map.Entry<String, String>> reads = reads(world);
            for (int round = 1; round <= rounds; round++) {
                // Which service goes first alternates from round to round, so that neither gains from its place.
                Window[] windows = new Window[4];
                if (round % 2 == 1) {
                    windows[Pair.B_CREATES] = creates(baseline, baselineCpu, world, window, work, problems);
                    windows[Pair.V_CREATES] = creates(other, otherCpu, world, window, work, problems);
                    windows[Pair.V_READS] = reads(other, otherCpu, reads, window, work, problems);
                    windows[Pair.B_READS] = reads(baseline, baselineCpu, reads, window, work, problems);
                } else {
                    windows[Pair.V_CREATES] = creates(other, otherCpu, world, window, work, problems);
                    windows[Pair.B_CREATES] = creates(baseline, baselineCpu, world, window, work, problems);
                    windows[Pair.B_READS] = reads(baseline, baselineCpu, reads, window, work, problems);
                    windows[Pair.V_READS] = reads(other, otherCpu, reads, window, work, problems);
                }
                measured.add(windows);
                out.printf("%s round %d: creates %.0f/s at %.3f ms vs baseline %.0f/s at %.3f ms; reads %.0f/s at %.3f ms vs %.0f/s at %.3f ms; "
                                + "load %s%n", variant.name(), round, windows[1].perSecond(), windows[1].serviceMs(), windows[0].perSecond(),
                        windows[0].serviceMs(), windows[2].perSecond(), windows[2].serviceMs(), windows[3].perSecond(), windows[3].serviceMs(),
                        Bench.loadAverage());
            }
            return new Pair(variant, measured, baselineRss.peakMb(), otherRss.peakMb(), problems);
        }
    }

    private static ServiceProcess start(Variant variant, String name, DatabaseServer database, Path work) throws Exception {
        ServiceProcess service = ServiceProcess.start(variant.javaHome(), variant.jar(), database.jdbcUrl(), work, name, variant.jvmOptions());
        try {
            return service.awaitHealthy();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private static Window creates(ServiceProcess service, CpuMeter cpu, LoadWorld world, Duration window, Path work, List<String> problems)
            throws Exception {
        CpuTime started = cpu.now();
        WrkRun.Result result = WrkRun.creates(service.baseUrl(), world, CONNECTIONS, window, work);
        problems.addAll(result.problems());
        return new Window(result.perSecond(), 1000 * cpu.since(started).service() / Math.max(1, result.requests()), result.p99());
    }

    private static Window reads(ServiceProcess service, CpuMeter cpu, List<Map.Entry<String, String>> reads, Duration window, Path work,
                                List<String> problems) throws Exception {
        CpuTime started = cpu.now();
        WrkRun.Result result = WrkRun.gets("read", service.baseUrl(), reads, CONNECTIONS, window, work);
        problems.addAll(result.problems());
        return new Window(result.perSecond(), 1000 * cpu.since(started).service() / Math.max(1, result.requests()), result.p99());
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

    private static String markdown(List<Pair> pairs, Variant baseline, OffsetDateTime started, String loadAtStart, Duration window,
                                   int rounds, String command) {
        StringBuilder md = new StringBuilder("# Levers, measured one by one\n\n");
        md.append("Recorded by `").append(command).append("` on ").append(started).append(" (load average ").append(loadAtStart)
                .append(" at the start, ").append(Bench.loadAverage()).append(" at the end, on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores). Each variant runs beside the baseline (`")
                .append(String.join(" ", baseline.jvmOptions())).append("`, JDK ").append(Runtime.version().feature())
                .append(", the jar as built) on the same durable PostgreSQL; both are warmed up (creates in windows of ")
                .append(WarmUp.WINDOW.toSeconds()).append(" s until the service's CPU per create settles, then reads), then ")
                .append(rounds).append(" rounds of ").append(window.toSeconds()).append(" s windows with wrk at ").append(CONNECTIONS)
                .append(" connections: creates on one, creates on the other, reads on the other, reads on the first, the first ")
                .append("changing from round to round. `baseline-again` is the baseline against itself. A ratio below 1 is a ")
                .append("variant that costs less service CPU per request than the baseline in the same minute; the range shows how ")
                .append("far the rounds spread, and a range that straddles 1 means no difference this machine could tell.\n\n");
        md.append("| variant | JVM options | service CPU per create, variant / baseline (range) | creates/s, variant / baseline ")
                .append("| service CPU per read, variant / baseline (range) | reads/s, variant / baseline | create p99 ms, baseline -> variant ")
                .append("| peak RSS MB, baseline -> variant |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Pair pair : pairs) {
            Variant v = pair.variant();
            md.append("| %s | `%s`%s | %s | %.2f | %s | %.2f | %.0f -> %.0f | %.0f -> %.0f |%s\n".formatted(v.name(),
                    String.join(" ", v.jvmOptions()), v.javaHome().getFileName().toString().contains("25") ? " (JDK 25)" : "",
                    ratioWithRange(pair, Pair.V_CREATES, Pair.B_CREATES, Window::serviceMs),
                    median(ratios(pair, Pair.V_CREATES, Pair.B_CREATES, Window::perSecond)),
                    ratioWithRange(pair, Pair.V_READS, Pair.B_READS, Window::serviceMs),
                    median(ratios(pair, Pair.V_READS, Pair.B_READS, Window::perSecond)),
                    median(pair.rounds().stream().mapToDouble(w -> w[Pair.B_CREATES].p99()).toArray()),
                    median(pair.rounds().stream().mapToDouble(w -> w[Pair.V_CREATES].p99()).toArray()),
                    pair.baselineRssMb(), pair.variantRssMb(), pair.problems().isEmpty() ? "" : " NOT VERIFIED: " + pair.problems()));
        }
        md.append("\nEvery window (requests/s at service CPU ms per request):\n\n");
        md.append("| variant | round | baseline creates | variant creates | variant reads | baseline reads |\n|---|---:|---:|---:|---:|---:|\n");
        for (Pair pair : pairs) {
            for (int round = 0; round < pair.rounds().size(); round++) {
                Window[] w = pair.rounds().get(round);
                md.append("| %s | %d | %.0f at %.3f | %.0f at %.3f | %.0f at %.3f | %.0f at %.3f |\n".formatted(pair.variant().name(), round + 1,
                        w[0].perSecond(), w[0].serviceMs(), w[1].perSecond(), w[1].serviceMs(), w[2].perSecond(), w[2].serviceMs(),
                        w[3].perSecond(), w[3].serviceMs()));
            }
        }
        return md.toString();
    }

    private static double[] ratios(Pair pair, int variantWindow, int baselineWindow, java.util.function.ToDoubleFunction<Window> figure) {
        return pair.rounds().stream().mapToDouble(w -> figure.applyAsDouble(w[variantWindow]) / figure.applyAsDouble(w[baselineWindow]))
                .toArray();
    }

    private static String ratioWithRange(Pair pair, int variantWindow, int baselineWindow, java.util.function.ToDoubleFunction<Window> figure) {
        double[] ratios = ratios(pair, variantWindow, baselineWindow, figure);
        return "%.2f (%.2f to %.2f)".formatted(median(ratios), java.util.Arrays.stream(ratios).min().orElse(Double.NaN),
                java.util.Arrays.stream(ratios).max().orElse(Double.NaN));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
