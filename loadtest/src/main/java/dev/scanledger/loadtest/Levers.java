package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The levers one by one. A shared 2-core machine swings by more than most levers change, and two starts of
 * the very same JVM settle on compiled code that differs by 10 to 20% in CPU per request (C2 inlines after
 * each run's own profile), so a variant is several JVMs, measured beside as many JVMs of the baseline,
 * which all variants of a run share. All run at once on the same durable PostgreSQL, warmed up, and short
 * windows of load walk over them in an order that interleaves the variants copy by copy, creates one way
 * and reads back (ABBA, the direction changing from round to round), so a drift of the machine falls on
 * all alike. A round gives the mean service CPU per request over a variant's JVMs over the same mean of
 * the baseline's; the table gives the median and the range over the rounds, and the spread of each
 * variant's own JVMs, the method's resolution. {@code baseline-again} measures the baseline against more
 * JVMs of itself. Writes the table behind docs/profiling.md's lever list.
 */
final class Levers {

    /** One way of running the service. */
    record Variant(String name, Path javaHome, Path jar, List<String> jvmOptions) {
    }

    /** One window of load on one JVM: requests/s, service CPU ms per request, p99 ms. */
    record Window(double perSecond, double serviceMs, double p99) {
    }

    /** What one JVM of a variant (copy 1 to N) served in one round. */
    record JvmRound(int copy, int round, Window creates, Window reads) {
    }

    /** Everything measured of one variant: every window of its JVMs, the highest peak RSS among them, the problems seen. */
    record Measured(Variant variant, List<JvmRound> windows, double peakRssMb, List<String> problems) {
    }

    /** A figure of a variant over the baseline's: the median and the range of the rounds' ratios. */
    record Ratio(double median, double min, double max) {

        /** Per round, the mean of {@code figure} over the variant's JVMs over its mean over the baseline's in the same round. */
        static Ratio of(List<JvmRound> variant, List<JvmRound> baseline, ToDoubleFunction<JvmRound> figure) {
            Map<Integer, double[]> ours = byRound(variant, figure);
            Map<Integer, double[]> theirs = byRound(baseline, figure);
            double[] ratios = ours.entrySet().stream().filter(round -> theirs.containsKey(round.getKey()))
                    .mapToDouble(round -> mean(round.getValue()) / mean(theirs.get(round.getKey()))).toArray();
            return new Ratio(Levers.median(ratios), Arrays.stream(ratios).min().orElse(Double.NaN),
                    Arrays.stream(ratios).max().orElse(Double.NaN));
        }
    }

    /** One running JVM of a variant (its process named {@code <variant>-<copy>}), with its own CPU meter and RSS sampler. */
    private record Jvm(Variant variant, int copy, ServiceProcess service, CpuMeter cpu, RssSampler rss) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            rss.close();
            service.close();
        }
    }

    /** The JVMs of a run, stopped together whatever happened: a failure to stop one leaves none of the others running. */
    private record Running(List<Jvm> jvms) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            Exception first = null;
            for (int i = jvms.size() - 1; i >= 0; i--) {
                try {
                    jvms.get(i).close();
                } catch (InterruptedException | RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (first != null) {
                throw (RuntimeException) first;
            }
        }
    }

    private static final int CONNECTIONS = 64;
    /** The service's own pool size (spring.datasource.hikari.maximum-pool-size in its application.properties). */
    private static final int SERVICE_POOL_SIZE = 16;
    /** Each JVM's connections beside its pool: the console's notification listener. */
    private static final int SERVICE_OTHER_CONNECTIONS = 1;
    /** The tool's own: its world's connection and the one that checks the schema. */
    private static final int TOOL_CONNECTIONS = 2;
    /** Room for 23 JVMs of the README's pool; their memory (about 350 MB each) fits the bench machine. */
    static final int MAX_CONNECTIONS = 400;
    private static final String POOL_SIZE_OPTION = "-Dspring.datasource.hikari.maximum-pool-size=";

    private Levers() {
    }

    static int run(Options options, PrintStream out) throws Exception {
        Path jar = LoadTool.path(options, "service-jar", "service/target/scanledger.jar").toAbsolutePath();
        Path work = Files.createDirectories(LoadTool.path(options, "work-dir", "target/levers")).toAbsolutePath();
        Path report = LoadTool.path(options, "out", "docs/levers.md");
        Duration window = options.seconds("duration", 10);
        int rounds = options.integer("rounds", 4);
        int copies = options.integer("jvms", 3);
        if (copies < 1 || rounds < 1) {
            throw new IllegalArgumentException("--jvms and --rounds must be at least 1");
        }
        Path jdk17 = Path.of(System.getProperty("java.home"));
        String jdk25Text = options.text("jdk25", "");
        Path jdk25 = jdk25Text.isBlank() ? null : Path.of(jdk25Text);
        Map<String, Variant> known = variants(jdk17, jdk25, jar);
        for (String extra : options.list("jars", "")) {
            if (!extra.isBlank()) {
                Variant variant = otherBuild(extra, jdk17, jdk25);
                known.put(variant.name(), variant);
            }
        }
        // The baseline first: its JVMs are shared by every variant of the run.
        List<Variant> variants = new ArrayList<>(List.of(known.get("baseline")));
        String wanted = options.text("variants", "");
        for (String name : wanted.isBlank() ? List.copyOf(known.keySet()) : List.of(wanted.split(","))) {
            Variant variant = known.get(name);
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; variants: " + known.keySet());
            }
            if (!variants.contains(variant)) {
                variants.add(variant);
            }
        }
        checkConnections(variants, copies);
        if (!WrkRun.available()) {
            throw new IllegalStateException("levers need wrk on the PATH (bench/levers installs it)");
        }
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        String loadAtStart = Bench.loadAverage();
        List<Measured> measured;
        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true, 0, MAX_CONNECTIONS);
             Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Running running = new Running(new ArrayList<>())) {
            // The schema comes from the service's migrations: one start of the baseline creates it.
            try (ServiceProcess first = ServiceProcess.start(jar, database.jdbcUrl(), work, "migrate", Bench.SERVICE_JVM_OPTIONS)) {
                first.awaitHealthy();
            }
            LoadWorld world = LoadWorld.create(connection, 16);
            measured = measure(variants, copies, rounds, database, world, window, work, running, out);
        }
        String markdown = markdown(measured, copies, started, loadAtStart, window, rounds, options.text("command", "bench/levers"));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        out.print(markdown);
        out.println("written to " + report);
        return measured.stream().allMatch(m -> m.problems().isEmpty()) ? 0 : 1;
    }

    /**
     * {@code name=path}, or {@code name=path;option;option...}: another build of the jar, with the README's
     * options and any given; the option {@code jdk=25} runs it on JDK 25 instead of the tool's JDK.
     */
    static Variant otherBuild(String spec, Path jdk17, Path jdk25) {
        String[] nameAndRest = spec.split("=", 2);
        if (nameAndRest.length != 2 || nameAndRest[0].isBlank() || nameAndRest[1].isBlank()) {
            throw new IllegalArgumentException("--jars takes name=path[;option...], not " + spec);
        }
        String[] pathAndOptions = nameAndRest[1].split(";");
        Path javaHome = jdk17;
        List<String> jvmOptions = new ArrayList<>(Bench.SERVICE_JVM_OPTIONS);
        for (String option : List.of(pathAndOptions).subList(1, pathAndOptions.length)) {
            if (option.equals("jdk=25")) {
                if (jdk25 == null) {
                    throw new IllegalArgumentException(nameAndRest[0] + " asks for JDK 25, and none was given (--jdk25)");
                }
                javaHome = jdk25;
            } else {
                jvmOptions.add(option);
            }
        }
        return new Variant(nameAndRest[0], javaHome, Path.of(pathAndOptions[0]).toAbsolutePath(), List.copyOf(jvmOptions));
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
        // Fewer API requests running at once, the rest waiting first come, first served (web.ConcurrencyLimit):
        // the queue stays below Jetty's 128 threads, so the 64 connections of a window are never shed.
        add(variants, "active-8", jdk17, jar, readme, "-Dscanledger.overload.max-active-requests=8",
                "-Dscanledger.overload.max-queued-requests=112");
        add(variants, "active-16", jdk17, jar, readme, "-Dscanledger.overload.max-active-requests=16",
                "-Dscanledger.overload.max-queued-requests=104");
        // The console issue's budget: the service's own metrics (RequestMetrics) under 5% of a create's CPU.
        add(variants, "no-request-metrics", jdk17, jar, readme, "-Dscanledger.metrics.requests.enabled=false");
        if (jdk25 != null) {
            add(variants, "jdk25", jdk25, jar, readme);
            add(variants, "jdk25-compact-headers", jdk25, jar, readme, "-XX:+UseCompactObjectHeaders");
            // Spring Boot turns virtual threads on from Java 21 only: on JDK 17 the setting does nothing.
            add(variants, "jdk25-virtual-threads", jdk25, jar, readme, "-Dspring.threads.virtual.enabled=true");
        }
        return variants;
    }

    private static void add(Map<String, Variant> variants, String name, Path javaHome, Path jar, List<String> base, String... more) {
        List<String> options = new ArrayList<>(base);
        options.addAll(List.of(more));
        variants.put(name, new Variant(name, javaHome, jar, List.copyOf(options)));
    }

    /**
     * Every JVM of a run is up at once, and each keeps its whole pool of connections open (Hikari fills it
     * at start) and its notification listener, beside the tool's own: better refused now than by
     * PostgreSQL after minutes of start-ups.
     */
    static void checkConnections(List<Variant> variants, int copies) {
        int needed = TOOL_CONNECTIONS + copies * variants.stream().mapToInt(variant -> poolSize(variant) + SERVICE_OTHER_CONNECTIONS).sum();
        if (needed > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(("%d JVMs of %d variants (the baseline included) would hold %d connections at once, "
                    + "over PostgreSQL's %d: choose fewer variants (--variants, LEVERS_VARIANTS) or fewer JVMs per variant "
                    + "(--jvms, LEVERS_JVMS)").formatted(copies * variants.size(), variants.size(), needed, MAX_CONNECTIONS));
        }
    }

    private static int poolSize(Variant variant) {
        // The last of several -D options wins, as in the JVM.
        return variant.jvmOptions().stream().filter(option -> option.startsWith(POOL_SIZE_OPTION)).reduce((first, last) -> last)
                .map(option -> Integer.parseInt(option.substring(POOL_SIZE_OPTION.length()))).orElse(SERVICE_POOL_SIZE);
    }

    private static List<Measured> measure(List<Variant> variants, int copies, int rounds, DatabaseServer database, LoadWorld world,
                                          Duration window, Path work, Running running, PrintStream out) throws Exception {
        Map<Variant, List<String>> problems = new LinkedHashMap<>();
        Map<Variant, List<JvmRound>> windows = new LinkedHashMap<>();
        for (Variant variant : variants) {
            problems.put(variant, new ArrayList<>());
            windows.put(variant, new ArrayList<>());
            for (int copy = 1; copy <= copies; copy++) {
                running.jvms().add(start(variant, copy, database, work));
            }
        }
        // One after the other: a JVM warming up beside another would share the cores and the JIT time with it.
        for (Jvm jvm : running.jvms()) {
            out.println("warming up " + name(jvm.variant(), jvm.copy()));
            problems.get(jvm.variant()).addAll(WarmUp.untilSettled(jvm.service().baseUrl(), world, jvm.cpu(), work, out));
        }
        // Copy-major (baseline-1, a-1, b-1, baseline-2, a-2, ...): a variant's JVMs are spread over the round, not side by side.
        List<Jvm> forward = new ArrayList<>();
        for (int copy = 1; copy <= copies; copy++) {
            for (Jvm jvm : running.jvms()) {
                if (jvm.copy() == copy) {
                    forward.add(jvm);
                }
            }
        }
        List<Jvm> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        List<Map.Entry<String, String>> reads = reads(world);
        for (int round = 1; round <= rounds; round++) {
            // ABBA: creates along the order, reads back against it, so a drift within the round falls on every JVM alike;
            // the direction changes from round to round, so that no JVM gains from its place.
            List<Jvm> createsWalk = round % 2 == 1 ? forward : backward;
            List<Jvm> readsWalk = round % 2 == 1 ? backward : forward;
            Map<Jvm, Window> creates = new HashMap<>();
            for (Jvm jvm : createsWalk) {
                creates.put(jvm, creates(jvm, world, window, work, problems.get(jvm.variant())));
                progress(out, jvm, round, "creates", creates.get(jvm));
            }
            for (Jvm jvm : readsWalk) {
                Window read = reads(jvm, reads, window, work, problems.get(jvm.variant()));
                progress(out, jvm, round, "reads", read);
                windows.get(jvm.variant()).add(new JvmRound(jvm.copy(), round, creates.get(jvm), read));
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (Variant variant : variants) {
            double peakRssMb = running.jvms().stream().filter(jvm -> jvm.variant().equals(variant)).mapToDouble(jvm -> jvm.rss().peakMb())
                    .max().orElse(Double.NaN);
            measured.add(new Measured(variant, windows.get(variant), peakRssMb, problems.get(variant)));
        }
        return measured;
    }

    private static void progress(PrintStream out, Jvm jvm, int round, String load, Window window) {
        out.printf("%s copy %d round %d %s: %.0f/s at %.3f ms service CPU per request; load %s%n", jvm.variant().name(), jvm.copy(), round,
                load, window.perSecond(), window.serviceMs(), Bench.loadAverage());
    }

    private static Jvm start(Variant variant, int copy, DatabaseServer database, Path work) throws Exception {
        // Its own directory (work/<variant>-<copy>/service.pid), where bench/levers' cleanup finds it.
        ServiceProcess service = ServiceProcess.start(variant.javaHome(), variant.jar(), database.jdbcUrl(), work, name(variant, copy),
                variant.jvmOptions());
        try {
            service.awaitHealthy();
            return new Jvm(variant, copy, service, new CpuMeter(service.pid(), database.postmasterPid()), new RssSampler(service.pid()));
        } catch (Exception e) {
            service.close();
            throw e;
        }
    }

    private static String name(Variant variant, int copy) {
        return variant.name() + "-" + copy;
    }

    private static Window creates(Jvm jvm, LoadWorld world, Duration window, Path work, List<String> problems) throws Exception {
        CpuTime started = jvm.cpu().now();
        WrkRun.Result result = WrkRun.creates(jvm.service().baseUrl(), world, CONNECTIONS, window, work);
        problems.addAll(result.problems());
        return new Window(result.perSecond(), 1000 * jvm.cpu().since(started).service() / Math.max(1, result.requests()), result.p99());
    }

    private static Window reads(Jvm jvm, List<Map.Entry<String, String>> reads, Duration window, Path work, List<String> problems)
            throws Exception {
        CpuTime started = jvm.cpu().now();
        WrkRun.Result result = WrkRun.gets("read", jvm.service().baseUrl(), reads, CONNECTIONS, window, work);
        problems.addAll(result.problems());
        return new Window(result.perSecond(), 1000 * jvm.cpu().since(started).service() / Math.max(1, result.requests()), result.p99());
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

    private static String markdown(List<Measured> measured, int copies, OffsetDateTime started, String loadAtStart, Duration window,
                                   int rounds, String command) {
        Measured baseline = measured.get(0);
        StringBuilder md = new StringBuilder("# Levers, measured one by one\n\n");
        md.append("Recorded by `").append(command).append("` on ").append(started).append(" (load average ").append(loadAtStart)
                .append(" at the start, ").append(Bench.loadAverage()).append(" at the end, on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores). Two starts of the same JVM settle on compiled ")
                .append("code that differs in CPU per request (C2 inlines after each run's own profile), so every variant runs as ")
                .append(copies).append(" JVMs, beside ").append(copies).append(" JVMs of the baseline (`")
                .append(String.join(" ", baseline.variant().jvmOptions())).append("`, JDK ").append(Runtime.version().feature())
                .append(", the jar as built) that all variants of the run share, all at once on the same durable PostgreSQL. Each ")
                .append("JVM is warmed up in turn (creates in windows of ").append(WarmUp.WINDOW.toSeconds())
                .append(" s until its service CPU per create settles, then reads), then ").append(rounds).append(" rounds of ")
                .append(window.toSeconds()).append(" s windows with wrk at ").append(CONNECTIONS).append(" connections: creates on ")
                .append("every JVM in an order that interleaves the variants copy by copy (`baseline-1`, the first JVM of each ")
                .append("variant, `baseline-2`, ...), then reads on every JVM in the reverse order (ABBA), the direction changing ")
                .append("from round to round, so that a drift of the machine falls on all alike. A round's ratio is the mean ")
                .append("service CPU per request over the variant's JVMs over the same mean over the baseline's in that round; the ")
                .append("table gives the median and the range of the rounds (throughput the same way, p99 as the median of the ")
                .append("windows, peak RSS as the highest of the JVMs). The spread is how far a variant's own JVMs lie apart: in ")
                .append("each round the dearest JVM's service CPU per create over the cheapest's, the median of the rounds. It is ")
                .append("the method's resolution shown directly: a ratio whose distance from 1 is within the spread (0.95 or 1.05 ")
                .append("beside a spread of 1.10, the baseline's or the variant's own) is no difference this machine could tell. ")
                .append("`baseline-again` is ")
                .append(copies).append(" more JVMs of the baseline: its ratio is what the method gives for no lever at all.\n\n");
        md.append("| variant | JVM options | service CPU per create, variant / baseline (range) | spread of its JVMs per create ")
                .append("| creates/s, variant / baseline | service CPU per read, variant / baseline (range) | reads/s, variant / baseline ")
                .append("| create p99 ms, baseline -> variant | read p99 ms, baseline -> variant | peak RSS MB, baseline -> variant |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        ToDoubleFunction<JvmRound> createMs = w -> w.creates().serviceMs();
        ToDoubleFunction<JvmRound> readMs = w -> w.reads().serviceMs();
        md.append("| %s | `%s` | | %.2f | | | | | | |%s\n".formatted(baseline.variant().name(), String.join(" ", baseline.variant().jvmOptions()),
                spread(baseline.windows(), createMs), notVerified(baseline)));
        for (Measured variant : measured.subList(1, measured.size())) {
            Variant v = variant.variant();
            md.append("| %s | `%s`%s | %s | %.2f | %.2f | %s | %.2f | %.0f -> %.0f | %.0f -> %.0f | %.0f -> %.0f |%s\n".formatted(v.name(),
                    String.join(" ", v.jvmOptions()), v.javaHome().getFileName().toString().contains("25") ? " (JDK 25)" : "",
                    withRange(Ratio.of(variant.windows(), baseline.windows(), createMs)), spread(variant.windows(), createMs),
                    Ratio.of(variant.windows(), baseline.windows(), w -> w.creates().perSecond()).median(),
                    withRange(Ratio.of(variant.windows(), baseline.windows(), readMs)),
                    Ratio.of(variant.windows(), baseline.windows(), w -> w.reads().perSecond()).median(),
                    median(baseline.windows().stream().mapToDouble(w -> w.creates().p99()).toArray()),
                    median(variant.windows().stream().mapToDouble(w -> w.creates().p99()).toArray()),
                    median(baseline.windows().stream().mapToDouble(w -> w.reads().p99()).toArray()),
                    median(variant.windows().stream().mapToDouble(w -> w.reads().p99()).toArray()),
                    baseline.peakRssMb(), variant.peakRssMb(), notVerified(variant)));
        }
        md.append("\nEvery window (requests/s at service CPU ms per request):\n\n");
        md.append("| variant | copy | round | creates | reads |\n|---|---:|---:|---:|---:|\n");
        for (Measured variant : measured) {
            List<JvmRound> windows = new ArrayList<>(variant.windows());
            windows.sort(Comparator.comparingInt(JvmRound::copy).thenComparingInt(JvmRound::round));
            for (JvmRound w : windows) {
                md.append("| %s | %d | %d | %.0f at %.3f | %.0f at %.3f |\n".formatted(variant.variant().name(), w.copy(), w.round(),
                        w.creates().perSecond(), w.creates().serviceMs(), w.reads().perSecond(), w.reads().serviceMs()));
            }
        }
        return md.toString();
    }

    private static String notVerified(Measured measured) {
        return measured.problems().isEmpty() ? "" : " NOT VERIFIED: " + measured.problems();
    }

    private static String withRange(Ratio ratio) {
        return "%.2f (%.2f to %.2f)".formatted(ratio.median(), ratio.min(), ratio.max());
    }

    /** How far a variant's own JVMs lie apart: per round the highest of {@code figure} over the lowest; the median of the rounds. */
    static double spread(List<JvmRound> windows, ToDoubleFunction<JvmRound> figure) {
        return median(byRound(windows, figure).values().stream()
                .mapToDouble(round -> Arrays.stream(round).max().orElseThrow() / Arrays.stream(round).min().orElseThrow()).toArray());
    }

    /** {@code figure} of every JVM, round by round. */
    private static Map<Integer, double[]> byRound(List<JvmRound> windows, ToDoubleFunction<JvmRound> figure) {
        Map<Integer, double[]> rounds = new TreeMap<>();
        windows.stream().collect(Collectors.groupingBy(JvmRound::round, TreeMap::new, Collectors.toList()))
                .forEach((round, ofRound) -> rounds.put(round, ofRound.stream().mapToDouble(figure).toArray()));
        return rounds;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
