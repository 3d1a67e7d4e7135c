package dev.scanledger.loadtest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Collects the figures of one bench run and writes them as docs/benchmarks.md. */
final class BenchReport {

    static final double RSS_LIMIT_MB = 400;
    static final double P99_LIMIT_MS = 30;
    static final double CEILING_SHARE_AT_64 = 0.75;
    static final double CEILING_SHARE_AT_16 = 0.60;
    static final double BURST_DUPLICATE_FACTOR = 1.3;
    static final double CPU_PER_CREATE_MS = 0.15;
    static final double COPY_SHARE = 0.5;
    static final double SIZE_GROWTH_LIMIT = 1.2;
    static final long STARTUP_LIMIT_MS = 3000;

    /** One row of the results table, whichever tool measured it. */
    record Step(String name, String tool, int clients, long requests, double seconds, String throughput, double perSecond, double p50,
                double p95, double p99, double max, String unit, long units, CpuTime used, List<String> problems, String statuses,
                long connectionsOpened) {

        boolean passed() {
            return problems.isEmpty();
        }

        String label() {
            return name + " (" + tool + ") x" + clients;
        }
    }

    private final String command;
    private final Duration step;
    private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
    private final String loadAverageAtStart = Bench.loadAverage();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> loadDuringSteps = new ArrayList<>();
    private final List<SizeSteps.Size> sizes = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();

    /** One growth of the table by COPY, with the disk space of each relation before and after it. */
    record Fill(long target, long rows, double seconds, Map<String, Long> bytesBefore, Map<String, Long> bytesAfter) {
    }
    private final List<StartupTimer.Result> startups = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Map<String, String> database = new LinkedHashMap<>();
    private ScenarioResult warmup;
    private ScenarioResult batchWarmup;
    private CopyBaseline.Result copy;
    private double idleRssMb;
    private double maxRssMb;
    private double peakRssMb;
    private double peakRssBeforeBatchMb = Double.NaN;
    private double peakRssMainMb = Double.NaN;
    private Duration sizeStep;

    BenchReport(String command, Duration step) {
        this.command = command;
        this.step = step;
    }

    void database(Map<String, String> settings) {
        this.database = settings;
    }

    void warmup(ScenarioResult result) {
        this.warmup = result;
    }

    void batchWarmup(ScenarioResult result) {
        this.batchWarmup = result;
    }

    void note(String note) {
        notes.add(note);
    }

    void ceiling(String tool, int connections, Measurement m, List<String> problems, CpuTime used) {
        dbStep("ceiling", tool, connections, m, problems, used);
    }

    /** The service's statements per create, sent by pgbench: what they cost the database without the service. */
    void exchange(int connections, Measurement m, List<String> problems, CpuTime used) {
        dbStep("exchange", "pgbench", connections, m, problems, used);
    }

    private void dbStep(String name, String tool, int connections, Measurement m, List<String> problems, CpuTime used) {
        add(new Step(name, tool, connections, m.requests(), m.seconds(), "%.0f inserts/s".formatted(m.perSecond(m.requests())),
                m.perSecond(m.requests()), m.all().percentileMillis(50), m.all().percentileMillis(95), m.all().percentileMillis(99),
                m.all().maxMillis(), "insert", m.requests(), used, problems, "", 0));
    }

    void service(ScenarioResult result, CpuTime used) {
        Measurement m = result.measurement();
        String throughput = switch (result.scenario()) {
            case "burst" -> "%.0f req/s (%.0f pairs/s)".formatted(result.requestsPerSecond(), m.perSecond(result.writes()));
            case "batch" -> "%.0f rows/s (%.1f calls/s of %d items)".formatted(m.perSecond(result.writes()), result.requestsPerSecond(),
                    Bench.BATCH_SIZE);
            case "idempotent" -> "%.0f req/s (%.0f keys/s)".formatted(result.requestsPerSecond(), m.perSecond(result.writes()));
            default -> "%.0f req/s".formatted(result.requestsPerSecond());
        };
        boolean batch = result.scenario().equals("batch");
        List<String> statuses = new ArrayList<>();
        m.byStatus().forEach((status, l) -> statuses.add("%s: %d (%.2f / %.2f)".formatted(status == 0 ? "no answer" : status, l.count(),
                l.percentileMillis(50), l.percentileMillis(99))));
        String own = result.tallies().isEmpty() ? "" : "; " + result.talliesText();
        add(new Step(result.scenario(), "Java", result.limits().clients(), m.requests(), m.seconds(), throughput,
                batch ? m.perSecond(result.writes()) : result.requestsPerSecond(), m.all().percentileMillis(50), m.all().percentileMillis(95),
                m.all().percentileMillis(99), m.all().maxMillis(), batch ? "row" : "request", batch ? result.writes() : m.requests(), used,
                result.problems(), String.join(", ", statuses) + own, m.connectionsOpened()));
    }

    void wrk(WrkRun.Result result, CpuTime used) {
        List<String> statuses = new ArrayList<>();
        result.statuses().forEach((status, count) -> statuses.add(status + ": " + count));
        add(new Step(result.scenario(), "wrk", result.connections(), result.requests(), result.seconds(),
                "%.0f req/s".formatted(result.perSecond()), result.perSecond(), result.p50(), result.p95(), result.p99(), result.max(),
                "request", result.requests(), used, result.problems(), String.join(", ", statuses), 0));
    }

    private void add(Step step) {
        steps.add(step);
        loadDuringSteps.add(step.label() + " " + Bench.loadAverage().split(" ")[0]);
    }

    void copy(CopyBaseline.Result result, CpuTime used) {
        this.copy = result;
        add(new Step("COPY", "JDBC", 1, result.rows(), result.seconds(), "%.0f rows/s".formatted(result.rowsPerSecond()),
                result.rowsPerSecond(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, "row", result.rows(), used, result.problems(), "", 0));
    }

    void sizeStep(Duration duration) {
        this.sizeStep = duration;
    }

    void size(SizeSteps.Size size) {
        sizes.add(size);
    }

    void fill(Fill fill) {
        fills.add(fill);
    }

    void startup(StartupTimer.Result result) {
        startups.add(result);
    }

    void idleRssMb(double mb) {
        this.idleRssMb = mb;
    }

    void rssBeforeBatchMb(double peak) {
        this.peakRssBeforeBatchMb = peak;
    }

    void rssMainMb(double peak) {
        this.peakRssMainMb = peak;
    }

    void rssMb(double max, double peak) {
        this.maxRssMb = max;
        this.peakRssMb = peak;
    }

    boolean allVerified() {
        return warmup.passed() && (batchWarmup == null || batchWarmup.passed()) && steps.stream().allMatch(Step::passed)
                && sizes.stream().flatMap(s -> s.rows().stream()).allMatch(r -> r.problems().isEmpty())
                && startups.stream().allMatch(s -> s.problems().isEmpty());
    }

    private Step find(String name, String tool, int clients) {
        return steps.stream().filter(s -> s.name().equals(name) && s.tool().equals(tool) && s.clients() == clients).findFirst().orElse(null);
    }

    private List<Step> all(Predicate<Step> which) {
        return steps.stream().filter(which).toList();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        int cores = Runtime.getRuntime().availableProcessors();
        md.append("# Benchmarks\n\n");
        md.append("Recorded by `").append(command).append("` (see loadtest/README.md). Every figure below comes from the same run, ")
                .append("so ratios compare like with like. Load generators, service and PostgreSQL share the machine.\n\n");
        md.append("- date: ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        Bench.machine().forEach(fact -> md.append("- ").append(fact).append('\n'));
        database.forEach((name, value) -> md.append("- PostgreSQL ").append(name).append(": ").append(value).append('\n'));
        md.append("- service: `java ").append(String.join(" ", Bench.SERVICE_JVM_OPTIONS))
                .append(" -jar service/target/scanledger.jar` (as the README runs it), on that PostgreSQL via SCANLEDGER_DB_URL ")
                .append("(pool 16, Jetty 64 threads: the shipped defaults)\n");
        md.append("- load generators: the Java load tool (Apache HttpClient, classic API; also the JDBC ceiling), and the C clients ")
                .append("wrk (HTTP) and pgbench (the same INSERT, and the service's statements per create), whose own CPU takes less from the cores the service and PostgreSQL share\n");
        md.append("- load average (1/5/15 min) at start: ").append(loadAverageAtStart)
                .append(", at end: ").append(Bench.loadAverage()).append(" (on ").append(cores).append(" cores: above ").append(cores)
                .append(", other processes competed for them)\n");
        md.append("- 1-minute load average after each step: ").append(String.join("; ", loadDuringSteps)).append('\n');
        md.append("- each step: ").append(step.toSeconds()).append(" s, after a ").append(warmup.measurement().seconds() > 0
                        ? "%.0f s".formatted(warmup.measurement().seconds()) : "short").append(" create warm-up with 16 clients")
                .append(batchWarmup == null ? "" : " and, before the batch step, a %.0f s batch warm-up".formatted(batchWarmup.measurement().seconds()))
                .append(" (verified, not reported)\n");
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append('\n');

        results(md);
        statusCodes(md);
        cpu(md, cores);
        targets(md);
        dataSizes(md);
        startup(md);
        bounds(md, cores);
        verification(md);
        return md.toString();
    }

    private void results(StringBuilder md) {
        md.append("## Results\n\n");
        md.append("| step | tool | clients | requests | throughput | p50 ms | p95 ms | p99 ms | max ms | ratio to baseline | verified |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Step s : steps) {
            md.append("| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s |\n".formatted(stepName(s), s.tool(), s.clients(), s.requests(),
                    s.throughput(), ms(s.p50()), ms(s.p95()), ms(s.p99()), ms(s.max()), ratio(s), s.passed() ? "yes" : "NO"));
        }
        md.append('\n');
    }

    private static String stepName(Step s) {
        return switch (s.name()) {
            case "ceiling" -> "DB ceiling: service INSERT, autocommit";
            case "exchange" -> "DB: the service's statements per create (key lookup; limits + INSERT in one exchange)";
            case "COPY" -> "COPY into scans, 1000 rows per COPY+commit";
            default -> s.name();
        };
    }

    private String ratio(Step s) {
        if (s.name().equals("ceiling")) {
            return "baseline";
        }
        Step pgbench = find("ceiling", "pgbench", s.clients());
        if (s.name().equals("exchange")) {
            return pgbench == null ? "" : "%.0f%% of pgbench".formatted(100 * s.perSecond() / pgbench.perSecond());
        }
        if (s.name().equals("create")) {
            List<String> ratios = new ArrayList<>();
            Step jdbc = find("ceiling", "JDBC", s.clients());
            Step exchange = find("exchange", "pgbench", s.clients());
            if (pgbench != null) {
                ratios.add("%.0f%% of pgbench".formatted(100 * s.perSecond() / pgbench.perSecond()));
            }
            if (jdbc != null) {
                ratios.add("%.0f%% of JDBC".formatted(100 * s.perSecond() / jdbc.perSecond()));
            }
            if (exchange != null) {
                ratios.add("%.0f%% of its statements under pgbench".formatted(100 * s.perSecond() / exchange.perSecond()));
            }
            return String.join(", ", ratios);
        }
        if (s.name().equals("batch") && copy != null) {
            return "%.0f%% of COPY".formatted(100 * s.perSecond() / copy.rowsPerSecond());
        }
        return "";
    }

    private void statusCodes(StringBuilder md) {
        md.append("## Status codes and connections\n\n");
        md.append("Per status: count (p50 / p99 ms). Connections: TCP connections the Java tool opened during the step; it keeps them ")
                .append("alive, so more than the step's concurrent calls means the service closed some.\n\n");
        md.append("| step | tool | clients | statuses | connections opened |\n|---|---|---:|---|---:|\n");
        for (Step s : all(s -> !s.name().equals("ceiling") && !s.name().equals("exchange") && !s.name().equals("COPY"))) {
            md.append("| %s | %s | %d | %s | %s |\n".formatted(s.name(), s.tool(), s.clients(), s.statuses(),
                    s.tool().equals("Java") ? String.valueOf(s.connectionsOpened()) : "-"));
        }
        md.append('\n');
    }

    private void cpu(StringBuilder md, int cores) {
        md.append("## CPU cost\n\n");
        md.append("CPU time from /proc per unit of work (the load tool's column includes pgbench and wrk, its child processes). ")
                .append("Unlike throughput it hardly depends on what else runs on the machine; the last column is what the service and ")
                .append("PostgreSQL alone could reach if they had all ").append(cores)
                .append(" cores (load generator elsewhere, no neighbours): an estimate, not a measurement.\n\n");
        md.append("| step | tool | unit | service CPU ms | PostgreSQL CPU ms | load generator CPU ms | CPU busy (all three) | estimate with all cores |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Step s : steps) {
            CpuTime u = s.used();
            if (u == null || s.units() == 0) {
                continue;
            }
            double perUnit = 1000.0 / s.units();
            double busy = (u.service() + u.postgres() + u.tool()) / s.seconds() / cores;
            md.append("| %s x%d | %s | %s | %.3f | %.3f | %.3f | %.0f%% of %d cores | %.0f /s |\n".formatted(s.name(), s.clients(), s.tool(),
                    s.unit(), u.service() * perUnit, u.postgres() * perUnit, u.tool() * perUnit, 100 * busy, cores,
                    cores * s.units() / (u.service() + u.postgres())));
        }
        md.append('\n');
    }

    private void targets(StringBuilder md) {
        md.append("## Targets\n\n");
        md.append("| target | measured | met |\n|---|---|---|\n");
        for (int clients : List.of(64, 16)) {
            double share = clients == 64 ? CEILING_SHARE_AT_64 : CEILING_SHARE_AT_16;
            for (String[] pair : List.of(new String[] {"wrk", "pgbench"}, new String[] {"Java", "JDBC"})) {
                Step create = find("create", pair[0], clients);
                Step ceiling = find("ceiling", pair[1], clients);
                if (create != null && ceiling != null) {
                    double measured = create.perSecond() / ceiling.perSecond();
                    target(md, "single creates >= %.0f%% of the DB ceiling at %d connections (%s vs %s)".formatted(100 * share, clients,
                            pair[0], pair[1]), "%.0f%% (%.0f of %.0f /s)".formatted(100 * measured, create.perSecond(), ceiling.perSecond()),
                            measured >= share);
                }
            }
        }
        for (Step s : all(s -> s.clients() == 64 && (s.name().equals("create") || s.name().equals("read")))) {
            target(md, "p99 < %.0f ms at 64 connections (%s, %s)".formatted(P99_LIMIT_MS, s.name(), s.tool()), "%.2f ms".formatted(s.p99()),
                    s.p99() < P99_LIMIT_MS);
        }
        for (Step s : all(s -> s.name().equals("create"))) {
            double ms = 1000 * s.used().service() / s.units();
            target(md, "service CPU per create <= %.2f ms (%s x%d)".formatted(CPU_PER_CREATE_MS, s.tool(), s.clients()),
                    "%.3f ms".formatted(ms), ms <= CPU_PER_CREATE_MS);
        }
        for (ScenarioResult burst : burstResults) {
            Latencies created = burst.measurement().status(201);
            Latencies duplicate = burst.measurement().status(DuplicateAnswer.STATUS);
            double factor = duplicate.percentileMillis(50) / created.percentileMillis(50);
            int clients = burst.limits().clients();
            String bursts = clients == 1 ? "one burst at a time" : clients + " bursts at once";
            ScenarioResult sameQueue = volleys.stream().filter(v -> v.limits().clients() == clients).findFirst().orElse(null);
            target(md, "bursts of %d, %s: a duplicate answered within %.1fx its burst's 201 (p50)".formatted(Bench.BURST, bursts,
                            BURST_DUPLICATE_FACTOR),
                    "%.2fx: 400 p50 %.2f ms (p99 %.2f) vs 201 p50 %.2f ms (p99 %.2f)%s".formatted(factor, duplicate.percentileMillis(50),
                            duplicate.percentileMillis(99), created.percentileMillis(50), created.percentileMillis(99),
                            sameQueue == null ? "" : "; without duplicates, %d different creates at once: %s".formatted(Bench.BURST,
                                    orderText(sameQueue))),
                    factor <= BURST_DUPLICATE_FACTOR);
            target(md, "bursts of %d, %s: zero 5xx, exact outcomes".formatted(Bench.BURST, bursts),
                    "%d 5xx; %s".formatted(burst.measurement().serverErrors(), burst.passed()
                            ? "one 201 per pair, rest the duplicate 400, rows == pairs" : burst.problems()),
                    burst.measurement().serverErrors() == 0 && burst.passed());
        }
        for (Step s : all(s -> s.tool().equals("Java") && (s.name().equals("burst") || s.name().equals("duplicate")))) {
            long concurrent = s.name().equals("burst") ? (long) s.clients() * Bench.BURST : s.clients();
            target(md, "no reconnect caused by a 4xx (%s x%d: at most one connection per concurrent call)".formatted(s.name(), s.clients()),
                    "%d connections for %d requests, %d concurrent".formatted(s.connectionsOpened(), s.requests(), concurrent),
                    s.connectionsOpened() <= concurrent);
        }
        for (Step s : all(s -> s.name().equals("batch") && s.tool().equals("Java"))) {
            double share = copy == null ? Double.NaN : s.perSecond() / copy.rowsPerSecond();
            target(md, "batch sync >= 50% of COPY into the same table (rows/s)", copy == null ? "no COPY baseline"
                    : "%.0f%% (%.0f of %.0f rows/s; %d clients, %d items per call, %.0f%% of them repeated pairs)".formatted(100 * share,
                    s.perSecond(), copy.rowsPerSecond(), s.clients(), Bench.BATCH_SIZE, 100 * Bench.BATCH_OVERLAP), share >= COPY_SHARE);
        }
        for (Step s : all(s -> s.name().equals("idempotent"))) {
            target(md, "Idempotency-Key, %d concurrent retries per key: zero 5xx, one execution per key".formatted(Bench.BURST),
                    s.passed() ? s.statuses() : String.join("; ", s.problems()), s.passed());
        }
        target(md, "service RSS < %.0f MB under load".formatted(RSS_LIMIT_MB), ("peak (VmHWM) %.0f MB (%.0f MB before the batch and idempotent "
                        + "steps, %.0f MB before the data-size steps), largest sampled VmRSS %.0f MB, idle after start %.0f MB")
                        .formatted(peakRssMb, peakRssBeforeBatchMb, peakRssMainMb, maxRssMb, idleRssMb), peakRssMb < RSS_LIMIT_MB);
        if (sizes.size() > 1) {
            SizeSteps.Size base = sizes.get(0);
            for (SizeSteps.Size size : sizes.subList(1, sizes.size())) {
                sizeTarget(md, base, size, "CPU", SizeSteps.Row::cpuMillisPerUnit);
                sizeTarget(md, base, size, "PostgreSQL buffers touched", SizeSteps.Row::buffersPerUnit);
            }
        }
        for (StartupTimer.Result result : startups) {
            if (result.runtime().contains("AOT")) {
                target(md, "start-up to the first answered request < %d ms (%s)".formatted(STARTUP_LIMIT_MS, result.runtime()),
                        "median %d ms of %s".formatted(result.median(), result.millis()), result.median() >= 0 && result.median() < STARTUP_LIMIT_MS);
            }
        }
        md.append('\n');
    }

    private static void sizeTarget(StringBuilder md, SizeSteps.Size base, SizeSteps.Size size, String cost,
                                   ToDoubleFunction<SizeSteps.Row> perUnit) {
        List<String> over = new ArrayList<>();
        for (SizeSteps.Row row : size.rows()) {
            double growth = growth(row, base.row(row.step()), perUnit);
            if (!(growth <= SIZE_GROWTH_LIMIT)) {
                over.add("%s %.2fx".formatted(row.step(), growth));
            }
        }
        target(md, "cost per request at %s scans within %.0f%% of the %s figure (%s, every data-size step)".formatted(
                scansText(size.scans()), 100 * (SIZE_GROWTH_LIMIT - 1), base.label(), cost),
                over.isEmpty() ? "all within" : "over: " + String.join(", ", over), over.isEmpty());
    }

    private static double growth(SizeSteps.Row row, SizeSteps.Row base, ToDoubleFunction<SizeSteps.Row> perUnit) {
        return perUnit.applyAsDouble(row) / perUnit.applyAsDouble(base);
    }

    private final List<ScenarioResult> burstResults = new ArrayList<>();
    private final List<ScenarioResult> volleys = new ArrayList<>();

    void burst(ScenarioResult result) {
        burstResults.add(result);
    }

    /** Different creates sent at once as a burst's are: the queue a burst's duplicates are read against. */
    void volley(ScenarioResult result) {
        volleys.add(result);
    }

    /** A volley's later answers against its first, by p50. */
    private static String orderText(ScenarioResult result) {
        Latencies first = result.groups().get(AnswerOrder.FIRST);
        Latencies rest = result.groups().get(AnswerOrder.REST);
        if (first == null || rest == null || first.count() == 0) {
            return "no volleys";
        }
        return "the rest of a volley answered at %.2fx its first answer (p50 %.2f ms vs %.2f ms)".formatted(
                rest.percentileMillis(50) / first.percentileMillis(50), rest.percentileMillis(50), first.percentileMillis(50));
    }

    private void dataSizes(StringBuilder md) {
        if (sizes.isEmpty()) {
            return;
        }
        md.append("## Costs as the data grows\n\n");
        md.append(("The same steps at each size of the scans table (%d s each, %d clients, batch %d clients of %d items): CPU of the "
                + "service + PostgreSQL per request (per row for batch), the shared buffers its statements touched per request (hits and "
                + "reads, from pg_stat_statements: what the plans do, which the machine's neighbours cannot change; \"read\" are those "
                + "not found in shared_buffers, copied in from the OS's page cache or the disk; counted once the service's "
                + "background has done what the step's requests left it, the fold of the scan count changes and the writer of "
                + "rejected duplicates), and each one's ratio to the first size, measured after %d unmeasured passes of the same steps. "
                + "Each size runs the steps %d times and each step keeps its pass of lower CPU: what the machine's neighbours do only "
                + "adds CPU time, and the same work with the same buffers has cost a fifth more from one step to another (docs/profiling.md). Own-scan lists are "
                + "those of %d "
                + "drivers who hold a tenth of the added rows between them (the rest belongs to %d other drivers), so their history "
                + "grows with the table; the deep page is page %d (rows %d to %d); ?phase=2 and ?label= are first pages. Retrieves "
                + "are of random scans of those drivers, journeys of random labels. Rows were added with COPY: %s.\n\n")
                .formatted(sizeStep == null ? 0 : sizeStep.toSeconds(), SizeSteps.CLIENTS, SizeSteps.BATCH_CLIENTS, Bench.BATCH_SIZE,
                        Bench.SIZE_WARMUP_PASSES, Bench.SIZE_MEASURED_PASSES, Bench.MEASURED_DRIVERS, DataFill.FILLER_DRIVERS, SizeSteps.DEEP_PAGE, (SizeSteps.DEEP_PAGE - 1) * 50 + 1,
                        SizeSteps.DEEP_PAGE * 50, fills.isEmpty() ? "none" : String.join("; ", fills.stream()
                                .map(f -> "to %s, %d rows in %.0f s (%.0f rows/s, with VACUUM ANALYZE)".formatted(scansText(f.target()),
                                        f.rows(), f.seconds(), f.rows() / f.seconds())).toList())));
        md.append("| step |");
        sizes.forEach(s -> md.append(" %s: %s scans, CPU ms (service + PG) | buffers | p50 ms |".formatted(s.label(), scansText(s.scans()))));
        md.append('\n').append("|---|");
        sizes.forEach(s -> md.append("---:|---:|---:|"));
        md.append('\n');
        SizeSteps.Size base = sizes.get(0);
        for (String name : SizeSteps.STEPS) {
            md.append("| ").append(name).append(" |");
            for (SizeSteps.Size size : sizes) {
                SizeSteps.Row row = size.row(name);
                SizeSteps.Row before = base.row(name);
                if (row == null) {
                    md.append(" | | |");
                    continue;
                }
                String growth = size == base ? "" : " (%.2fx)".formatted(growth(row, before, SizeSteps.Row::cpuMillisPerUnit));
                String buffersGrowth = size == base ? "" : " (%.2fx)".formatted(growth(row, before, SizeSteps.Row::buffersPerUnit));
                md.append(" %.3f (%.3f + %.3f)%s%s | %.1f%s, %.1f read | %.2f |".formatted(row.cpuMillisPerUnit(), row.serviceMillisPerUnit(),
                        row.postgresMillisPerUnit(), growth, row.problems().isEmpty() ? "" : " NOT VERIFIED", row.buffersPerUnit(),
                        buffersGrowth, row.readsPerUnit(), row.p50()));
            }
            md.append('\n');
        }
        md.append('\n');
        disk(md);
    }

    /** Disk space after each fill, and what the rows the fills added took per million (the bench's own rows left out). */
    private void disk(StringBuilder md) {
        List<Fill> grown = fills.stream().filter(f -> f.rows() > 0).toList();
        if (grown.isEmpty()) {
            return;
        }
        md.append("Disk space (MB) after each fill, and what the filled rows took per million (the relation's growth over the fill ")
                .append("divided by the rows it added; the labels carry three scans each, as a whole trip).\n\n");
        md.append("| relation |");
        grown.forEach(f -> md.append(" after the fill to %s |".formatted(scansText(f.target()))));
        md.append(" per million scans |\n|---|");
        grown.forEach(f -> md.append("---:|"));
        md.append("---:|\n");
        long grownBytes = 0;
        long addedRows = grown.stream().mapToLong(Fill::rows).sum();
        for (String relation : grown.get(grown.size() - 1).bytesAfter().keySet()) {
            md.append("| ").append(relation).append(" |");
            long delta = 0;
            for (Fill f : grown) {
                md.append(" %.1f |".formatted(f.bytesAfter().getOrDefault(relation, 0L) / 1048576.0));
                delta += f.bytesAfter().getOrDefault(relation, 0L) - f.bytesBefore().getOrDefault(relation, 0L);
            }
            grownBytes += delta;
            md.append(" %.1f MB |\n".formatted(delta / 1048576.0 / (addedRows / 1e6)));
        }
        double bytesPerScan = (double) grownBytes / addedRows;
        md.append("| **all of the above, per scan** |");
        grown.forEach(f -> md.append(" |"));
        md.append(" **%.0f bytes per scan** (%.0f MB per million) |\n\n".formatted(bytesPerScan, bytesPerScan));
    }

    private static String scansText(long scans) {
        return scans >= 1_000_000 ? "%.1fM".formatted(scans / 1e6) : "%.0fk".formatted(scans / 1e3);
    }

    private void startup(StringBuilder md) {
        if (startups.isEmpty()) {
            return;
        }
        md.append("## Start-up\n\n");
        md.append("From starting the JVM to the first answered request (an authenticated `GET /api/scans/`, 200), on the migrated database; ")
                .append(StartupTimer.RUNS).append(" runs each. The CDS archive (JDK 17, JEP 350) and the AOT cache (JDK 25, JEP 483/514) ")
                .append("need a plain class path: the jar is extracted with `java -Djarmode=tools -jar scanledger.jar extract`, and one ")
                .append("training run started with `-XX:ArchiveClassesAtExit` or `-XX:AOTCacheOutput` writes the archive when it stops; ")
                .append("the build stays at release 17. Each run starts once the cores were at least %.0f%% idle over %d s (at most %d s "
                        .formatted(100 * StartupTimer.QUIET, StartupTimer.QUIET_WINDOW.toSeconds(), StartupTimer.QUIET_LIMIT.toSeconds()))
                .append("of waiting): after the data-size steps PostgreSQL's autovacuum and checkpoints would otherwise share the cores ")
                .append("with the start-up.\n\n");
        md.append("| runtime | command | runs ms | median ms | ratio to the first | cores idle before the runs |\n|---|---|---|---:|---:|---|\n");
        long first = startups.get(0).median();
        for (StartupTimer.Result result : startups) {
            md.append("| %s | `%s` | %s | %d | %.2f | %s |\n".formatted(result.runtime(), result.command(), result.millis(), result.median(),
                    (double) result.median() / first, String.join(", ", result.idleBefore().stream()
                            .map(idle -> idle.isNaN() ? "?" : "%.0f%%".formatted(100 * idle)).toList())));
        }
        startups.forEach(r -> r.problems().forEach(p -> md.append("\n- ").append(r.runtime()).append(": ").append(p)));
        md.append('\n');
    }

    /** What limits the figures, computed from this run, so a regenerated report explains itself. */
    private void bounds(StringBuilder md, int cores) {
        md.append("## What bounds the figures\n\n");
        Step create = find("create", "wrk", 64);
        Step ceiling = find("ceiling", "pgbench", 64);
        if (create == null) {
            create = find("create", "Java", 64);
            ceiling = find("ceiling", "JDBC", 64);
        }
        if (create != null && ceiling != null) {
            double service = 1000 * create.used().service() / create.units();
            double postgres = 1000 * create.used().postgres() / create.units();
            double tool = 1000 * create.used().tool() / create.units();
            double ceilingPostgres = 1000 * ceiling.used().postgres() / ceiling.units();
            double ceilingTool = 1000 * ceiling.used().tool() / ceiling.units();
            md.append(("- **Creates vs the ceiling: CPU.** With %d connections (%s vs %s) a create costs %.3f ms of service CPU, %.3f ms of "
                    + "PostgreSQL CPU (two round trips: the key lookup, then the insert with its time limits) and %.3f ms of the load generator's; the ceiling's "
                    + "insert costs %.3f ms of PostgreSQL CPU and %.3f ms of its client's. On %d shared cores throughput is about cores / "
                    + "(CPU per request): the create's %.3f ms against the ceiling's %.3f ms is a bound of %.0f%%, measured %.0f%%. "
                    + "The service's own share is HTTP (Jetty), Spring MVC's dispatch, the security filter chain, JSON both ways and "
                    + "JDBC; docs/profiling.md has the profile and every lever tried.\n").formatted(create.clients(), create.tool(),
                    ceiling.tool(), service, postgres, tool, ceilingPostgres, ceilingTool, cores, service + postgres + tool,
                    ceilingPostgres + ceilingTool, 100 * (ceilingPostgres + ceilingTool) / (service + postgres + tool),
                    100 * create.perSecond() / ceiling.perSecond()));
            Step exchange = find("exchange", "pgbench", 64);
            Step insertAlone = find("ceiling", "pgbench", 64);
            if (exchange != null && insertAlone != null) {
                md.append(("- **What the service's statements leave it.** pgbench sending a create's statements as the service sends them "
                        + "(the key lookup, then the time limits and the insert in one exchange) reaches %.0f%% of the insert alone at 64 "
                        + "connections, at %.3f ms of PostgreSQL CPU against %.3f: the database's side of a create, without the service's "
                        + "own CPU on the cores. The service's creates reach %.0f%% of that.\n").formatted(
                        100 * exchange.perSecond() / insertAlone.perSecond(), 1000 * exchange.used().postgres() / exchange.units(),
                        1000 * insertAlone.used().postgres() / insertAlone.units(), 100 * create.perSecond() / exchange.perSecond()));
            }
            double needed = 64 / (P99_LIMIT_MS / 1000);
            md.append(("- **p99 at 64 connections: a throughput question.** 64 closed-loop connections keep 64 requests in flight; by "
                    + "Little's law the mean latency is 64 / throughput (%.0f/s here: %.1f ms), and a p99 under %.0f ms needs a mean well "
                    + "below it, so about %.0f requests/s and more; the tail is 64 requests queueing for %d cores shared with PostgreSQL "
                    + "and the load generator, where any pause (a GC, a checkpoint, a neighbour) delays everything queued behind it.\n")
                    .formatted(create.perSecond(), 64000 / create.perSecond(), P99_LIMIT_MS, needed, cores));
        }
        md.append("- **Burst: a duplicate waits for its create.** The K identical calls arrive together; the first one's insert takes "
                + "the row, and the others cannot be told \"duplicate\" before that insert committed (it might still roll back). In one "
                + "service instance they wait for it in memory and are answered without a statement of their own (`InFlightCreates`); "
                + "one that arrives after the first finished runs its own `INSERT ... ON CONFLICT`, which finds the committed row. One "
                + "burst at a time, what a duplicate adds is its own answer after the wake-up, on cores the other six share. Eight at "
                + "once, 64 calls queue for the cores, and the 201 is by construction the call of its burst that got through first: "
                + "the duplicates' p50 is the middle of that queue.");
        ScenarioResult volley = volleys.isEmpty() ? null : volleys.get(volleys.size() - 1);
        if (volley != null) {
            md.append((" The same queue without a duplicate: %d creates of different pairs sent at once by each of %d clients "
                    + "(volley): %s.").formatted(Bench.BURST, volley.limits().clients(), orderText(volley)));
        }
        md.append('\n');
        Step batch = find("batch", "Java", Bench.BATCH_CLIENTS);
        Step copyStep = steps.stream().filter(s -> s.name().equals("COPY")).findFirst().orElse(null);
        if (batch != null && copyStep != null && batch.units() > 0) {
            md.append(("- **Batch sync vs COPY.** A row written by batch sync costs %.3f ms of service CPU and %.3f ms of PostgreSQL "
                    + "CPU; a row of COPY %.3f ms of PostgreSQL CPU and no Java. The batch pays for HTTP and JSON both ways, the checks "
                    + "of labels and sites, `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING RETURNING` instead of COPY, and "
                    + "items that repeat a pair.\n").formatted(1000 * batch.used().service() / batch.units(),
                    1000 * batch.used().postgres() / batch.units(), 1000 * copyStep.used().postgres() / copyStep.units()));
        }
        md.append("- **Neighbours.** Load average %s at the start and %s at the end on %d cores. ".formatted(loadAverageAtStart,
                Bench.loadAverage(), cores) + "The CPU busy column shows the share of the cores the measured processes got; "
                + "throughput and latency are those of a shared machine, the CPU costs per request much less so.\n\n");
    }

    private void verification(StringBuilder md) {
        List<String> problems = new ArrayList<>();
        steps.forEach(s -> s.problems().forEach(p -> problems.add(s.label() + ": " + p)));
        for (ScenarioResult w : java.util.Arrays.asList(warmup, batchWarmup)) {
            if (w != null) {
                w.problems().forEach(p -> problems.add(w.scenario() + " warm-up: " + p));
            }
        }
        sizes.forEach(s -> s.rows().forEach(r -> r.problems().forEach(p -> problems.add(s.label() + " " + r.step() + ": " + p))));
        startups.forEach(s -> s.problems().forEach(p -> problems.add("start-up " + s.runtime() + ": " + p)));
        md.append("## Verification\n\n");
        md.append(problems.isEmpty() ? "Every step verified: no 5xx, and for writes one 201 per (label, phase) pair, every other answer "
                + "the documented duplicate 400, and exactly one row per pair with the id the 201 answered (wrk: every answer 201 and "
                + "one row per 201, the ceilings: one row per insert). Reads: every answer 200 showing the id asked for or the list's "
                + "exact count. Batch sync: every call 200 with one result per item, one `created` per pair across all calls, every "
                + "other item for it `duplicate` with that scan's id, rows == pairs. Idempotency-Key: one execution per key, every "
                + "other answer its byte-identical replay or the in-flight 409 with Retry-After, one scan and one `idempotency_keys` "
                + "row per key.\n"
                : "FAILED:\n\n" + String.join("\n", problems.stream().map(p -> "- " + p).toList()) + "\n");
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "" : "%.2f".formatted(value);
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| %s | %s | %s |\n".formatted(target, measured, met ? "met" : "**missed**"));
    }
}
