package dev.scanledger.loadtest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects the figures of one bench run and writes them as docs/benchmarks.md. */
final class BenchReport {

    private static final double RSS_LIMIT_MB = 512;
    private static final double P99_LIMIT_MS = 50;
    private static final double CEILING_SHARE = 0.5;
    private static final double COPY_SHARE = 0.5;

    private final String command;
    private final Duration step;
    private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
    private final String loadAverageAtStart = Bench.loadAverage();
    private final Map<Integer, JdbcCeiling.Result> ceilings = new TreeMap<>();
    private final List<ScenarioResult> results = new ArrayList<>();
    private final List<CpuRow> cpu = new ArrayList<>();
    private Map<String, String> database = new LinkedHashMap<>();
    private ScenarioResult warmup;
    private ScenarioResult batchWarmup;
    private CopyBaseline.Result copy;
    private double idleRssMb;
    private double maxRssMb;
    private double peakRssMb;
    private double peakRssBeforeBatchMb = Double.NaN;

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

    void ceiling(int connections, JdbcCeiling.Result result, CpuTime used) {
        ceilings.put(connections, result);
        cpu.add(new CpuRow("JDBC ceiling x" + connections, "insert", result.measurement().requests(), result.measurement().seconds(), used));
    }

    void service(ScenarioResult result, CpuTime used) {
        results.add(result);
        boolean batch = result.scenario().equals("batch");
        cpu.add(new CpuRow(result.scenario() + " x" + result.limits().clients(), batch ? "row" : "request",
                batch ? result.writes() : result.measurement().requests(), result.measurement().seconds(), used));
    }

    void copy(CopyBaseline.Result result, CpuTime used) {
        this.copy = result;
        cpu.add(new CpuRow("COPY", "row", result.rows(), result.seconds(), used));
    }

    private record CpuRow(String step, String unit, long count, double seconds, CpuTime used) {
    }

    void idleRssMb(double mb) {
        this.idleRssMb = mb;
    }

    void rssBeforeBatchMb(double peak) {
        this.peakRssBeforeBatchMb = peak;
    }

    void rssMb(double max, double peak) {
        this.maxRssMb = max;
        this.peakRssMb = peak;
    }

    boolean allVerified() {
        return warmup.passed() && (batchWarmup == null || batchWarmup.passed()) && results.stream().allMatch(ScenarioResult::passed)
                && ceilings.values().stream().allMatch(c -> c.problems().isEmpty()) && copy.problems().isEmpty();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Recorded by `").append(command).append("` (see loadtest/README.md). Every figure below comes from the same run, ")
                .append("so ratios compare like with like. Load generator, service and PostgreSQL share the machine.\n\n");
        md.append("- date: ").append(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        Bench.machine().forEach(fact -> md.append("- ").append(fact).append('\n'));
        database.forEach((name, value) -> md.append("- PostgreSQL ").append(name).append(": ").append(value).append('\n'));
        md.append("- service: `java ").append(String.join(" ", Bench.SERVICE_JVM_OPTIONS))
                .append(" -jar service/target/scanledger.jar` (as the README runs it), on that PostgreSQL via SCANLEDGER_DB_URL ")
                .append("(pool 16, Tomcat 64 threads: the shipped defaults)\n");
        md.append("- load average (1/5/15 min) at start: ").append(loadAverageAtStart)
                .append(", at end: ").append(Bench.loadAverage()).append(" (other processes on the machine compete for the 2 cores)\n");
        md.append("- each step: ").append(step.toSeconds()).append(" s, after a ").append(warmup.measurement().seconds() > 0
                ? "%.0f s".formatted(warmup.measurement().seconds()) : "short").append(" create warm-up with 16 clients")
                .append(batchWarmup == null ? "" : " and, before the batch step, a %.0f s batch warm-up".formatted(batchWarmup.measurement().seconds()))
                .append(" (verified, not reported)\n\n");

        md.append("## Results\n\n");
        md.append("| step | clients | requests | throughput | p50 ms | p95 ms | p99 ms | max ms | ratio to baseline | verified |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Map.Entry<Integer, JdbcCeiling.Result> ceiling : ceilings.entrySet()) {
            Measurement m = ceiling.getValue().measurement();
            row(md, "JDBC ceiling (service INSERT, autocommit)", ceiling.getKey(), m, "%.0f inserts/s".formatted(m.perSecond(m.requests())),
                    "baseline", ceiling.getValue().problems().isEmpty());
        }
        for (ScenarioResult result : results) {
            Measurement m = result.measurement();
            String throughput = switch (result.scenario()) {
                case "burst" -> "%.0f req/s (%.0f pairs/s)".formatted(result.requestsPerSecond(), m.perSecond(result.writes()));
                case "batch" -> "%.0f rows/s (%.1f calls/s of %d items)".formatted(m.perSecond(result.writes()), result.requestsPerSecond(),
                        Bench.BATCH_SIZE);
                case "idempotent" -> "%.0f req/s (%.0f keys/s)".formatted(result.requestsPerSecond(), m.perSecond(result.writes()));
                default -> "%.0f req/s".formatted(result.requestsPerSecond());
            };
            String ratio = result.scenario().equals("create") && ceilings.containsKey(result.limits().clients())
                    ? "%.0f%% of ceiling at %d".formatted(100 * ceilingShare(result), result.limits().clients())
                    : result.scenario().equals("batch") && copy != null ? "%.0f%% of COPY".formatted(100 * copyShare(result)) : "";
            row(md, result.scenario(), result.limits().clients(), m, throughput, ratio, result.passed());
        }
        if (copy != null) {
            double ceiling8 = ceilingRate(8);
            md.append("| COPY into scans, %d rows per COPY+commit | 1 | %d rows | %.0f rows/s | | | | | %.1fx the JDBC ceiling at 8 | %s |\n"
                    .formatted(copy.batchSize(), copy.rows(), copy.rowsPerSecond(), copy.rowsPerSecond() / ceiling8,
                            copy.problems().isEmpty() ? "yes" : "NO"));
        }
        md.append('\n');

        md.append("## Status codes\n\n");
        md.append("| step | clients | status: count (p50 / p99 ms) |\n|---|---:|---|\n");
        for (ScenarioResult result : results) {
            List<String> statuses = new ArrayList<>();
            result.measurement().byStatus().forEach((status, l) -> statuses.add("%s: %d (%.2f / %.2f)".formatted(
                    status == 0 ? "no answer" : status, l.count(), l.percentileMillis(50), l.percentileMillis(99))));
            String own = result.tallies().isEmpty() ? "" : "; " + result.talliesText();
            md.append("| %s | %d | %s%s |\n".formatted(result.scenario(), result.limits().clients(), String.join(", ", statuses), own));
        }
        md.append('\n');

        md.append("## CPU cost\n\n");
        md.append("CPU time from /proc per unit of work. Unlike throughput it hardly depends on what else runs on the machine; ")
                .append("the last column is what the service and PostgreSQL alone could reach if they had all ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (load tool elsewhere, no neighbours): an estimate, not a measurement.\n\n");
        md.append("| step | unit | service CPU ms | PostgreSQL CPU ms | load tool CPU ms | CPU busy (all three) | estimate with all cores |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        int cores = Runtime.getRuntime().availableProcessors();
        for (CpuRow row : cpu) {
            CpuTime u = row.used();
            double perUnit = 1000.0 / row.count();
            double busy = (u.service() + u.postgres() + u.tool()) / row.seconds() / cores;
            md.append("| %s | %s | %.3f | %.3f | %.3f | %.0f%% of %d cores | %.0f /s |\n".formatted(row.step(), row.unit(),
                    u.service() * perUnit, u.postgres() * perUnit, u.tool() * perUnit, 100 * busy, cores,
                    cores * row.count() / (u.service() + u.postgres())));
        }
        md.append('\n');

        md.append("## Targets\n\n");
        md.append("| target | measured | met |\n|---|---|---|\n");
        for (ScenarioResult create : byName("create")) {
            double share = ceilingShare(create);
            target(md, "single-scan creates >= 50%% of the DB ceiling (%d clients)".formatted(create.limits().clients()),
                    "%.0f%% (%.0f of %.0f /s)".formatted(100 * share, create.requestsPerSecond(), ceilingRate(create.limits().clients())),
                    share >= CEILING_SHARE);
        }
        for (ScenarioResult burst : byName("burst")) {
            Latencies created = burst.measurement().status(201);
            Latencies duplicate = burst.measurement().status(DuplicateAnswer.STATUS);
            target(md, "burst of %d: zero 5xx, exact outcomes".formatted(Bench.BURST),
                    "%d 5xx; %s".formatted(burst.measurement().serverErrors(), burst.passed() ? "one 201 per pair, rest the duplicate 400, rows == pairs" : burst.problems()),
                    burst.measurement().serverErrors() == 0 && burst.passed());
            String plainCreates = byName("create").stream().map(c -> "; plain creates x%d: 201 p50 %.2f ms (p99 %.2f)".formatted(
                    c.limits().clients(), c.measurement().status(201).percentileMillis(50), c.measurement().status(201).percentileMillis(99)))
                    .reduce("", String::concat);
            target(md, "burst: duplicate answered at least as fast as a create (p50, same burst)",
                    "400 p50 %.2f ms (p99 %.2f) vs 201 p50 %.2f ms (p99 %.2f)%s".formatted(duplicate.percentileMillis(50),
                            duplicate.percentileMillis(99), created.percentileMillis(50), created.percentileMillis(99), plainCreates),
                    duplicate.percentileMillis(50) <= created.percentileMillis(50));
        }
        for (ScenarioResult stored : byName("duplicate")) {
            Latencies duplicate = stored.measurement().status(400);
            byName("create").stream().filter(c -> c.limits().clients() == stored.limits().clients()).findFirst().ifPresent(create -> {
                Latencies created = create.measurement().status(201);
                target(md, "duplicate of a stored scan answered at least as fast as a create (p50, %d clients)".formatted(stored.limits().clients()),
                        "400 p50 %.2f ms (p99 %.2f) vs 201 p50 %.2f ms (p99 %.2f); %d 5xx, %s".formatted(duplicate.percentileMillis(50),
                                duplicate.percentileMillis(99), created.percentileMillis(50), created.percentileMillis(99),
                                stored.measurement().serverErrors(), stored.passed() ? "every answer the duplicate 400, no row added" : stored.problems()),
                        duplicate.percentileMillis(50) <= created.percentileMillis(50) && stored.passed());
            });
        }
        for (ScenarioResult batch : byName("batch")) {
            double share = copyShare(batch);
            target(md, "batch sync >= 50% of COPY into the same table (rows/s)", copy == null ? "no COPY baseline"
                    : "%.0f%% (%.0f of %.0f rows/s; %d clients, %d items per call, %.0f%% of them repeated pairs)".formatted(100 * share,
                    batch.measurement().perSecond(batch.writes()), copy.rowsPerSecond(), batch.limits().clients(), Bench.BATCH_SIZE,
                    100 * Bench.BATCH_OVERLAP), share >= COPY_SHARE);
            target(md, "batch sync: zero 5xx, exact outcomes", "%d 5xx; %s".formatted(batch.measurement().serverErrors(), batch.passed()
                    ? "one created per pair, every repeat a duplicate naming its id, rows == pairs" : batch.problems()),
                    batch.measurement().serverErrors() == 0 && batch.passed());
        }
        for (ScenarioResult idempotent : byName("idempotent")) {
            target(md, "Idempotency-Key, %d concurrent retries per key: zero 5xx, one execution per key".formatted(Bench.BURST),
                    "%d 5xx; %s".formatted(idempotent.measurement().serverErrors(), idempotent.passed()
                            ? idempotent.talliesText() + "; one scan and one idempotency_keys row per key" : idempotent.problems()),
                    idempotent.measurement().serverErrors() == 0 && idempotent.passed());
        }
        for (ScenarioResult result : results) {
            if (result.limits().clients() == 64) {
                double p99 = result.measurement().all().percentileMillis(99);
                target(md, "p99 < 50 ms at 64 clients (%s)".formatted(result.scenario()), "%.2f ms".formatted(p99), p99 < P99_LIMIT_MS);
            }
        }
        target(md, "service RSS < 512 MB under load", "peak (VmHWM) %.0f MB%s, largest sampled VmRSS %.0f MB, idle after start %.0f MB"
                .formatted(peakRssMb, Double.isNaN(peakRssBeforeBatchMb) ? ""
                        : " (%.0f MB before the batch and idempotent steps)".formatted(peakRssBeforeBatchMb), maxRssMb, idleRssMb),
                peakRssMb < RSS_LIMIT_MB);
        md.append('\n');

        bounds(md);

        List<String> problems = new ArrayList<>();
        results.forEach(r -> r.problems().forEach(p -> problems.add(r.scenario() + " x" + r.limits().clients() + ": " + p)));
        ceilings.forEach((c, r) -> r.problems().forEach(p -> problems.add("ceiling x" + c + ": " + p)));
        for (ScenarioResult w : java.util.Arrays.asList(warmup, batchWarmup)) {
            if (w != null) {
                w.problems().forEach(p -> problems.add(w.scenario() + " warm-up: " + p));
            }
        }
        if (copy != null) {
            copy.problems().forEach(p -> problems.add("COPY: " + p));
        }
        md.append("## For orientation: the system we replace\n\n");
        md.append("Not measured in this run (figures from the project's stack notes, measured on the same kind of machine): the Django REST "
                + "Framework service under gunicorn on 2 cores with PostgreSQL 15 answered 9% to 36% of a burst of 8 with HTTP 500, "
                + "and made 80-230 plain creates/s with p99 200-370 ms; pgbench's one `INSERT ... ON CONFLICT DO NOTHING` per "
                + "transaction with 8 clients made 7,700-10,700 transactions/s.\n\n");
        md.append("## Verification\n\n");
        md.append(problems.isEmpty() ? "Every step verified: no 5xx, and for writes one 201 per (label, phase) pair, every other answer "
                + "the documented duplicate 400, and exactly one row per pair with the id the 201 answered. Batch sync: every call 200 "
                + "with one result per item, one `created` per pair across all calls, every other item for it `duplicate` with that "
                + "scan's id, no `invalid`, rows == pairs. Idempotency-Key: one execution per key, every other answer its byte-identical "
                + "replay or the in-flight 409 with Retry-After, the late retry the replay, one scan and one `idempotency_keys` row "
                + "per key.\n"
                : "FAILED:\n\n" + String.join("\n", problems.stream().map(p -> "- " + p).toList()) + "\n");
        return md.toString();
    }

    /** What limits the figures, computed from this run, so a regenerated report explains itself. */
    private void bounds(StringBuilder md) {
        int cores = Runtime.getRuntime().availableProcessors();
        md.append("## What bounds the figures\n\n");
        for (CpuRow row : cpu) {
            if (!row.step().equals("create x64")) {
                continue;
            }
            CpuRow ceilingRow = cpu.stream().filter(r -> r.step().equals("JDBC ceiling x64")).findFirst().orElse(row);
            double serviceMs = 1000 * row.used().service() / row.count();
            double postgresMs = 1000 * row.used().postgres() / row.count();
            double ceilingMs = 1000 * ceilingRow.used().postgres() / ceilingRow.count();
            double estimate = cores * 1000 / (serviceMs + postgresMs);
            double ceilingEstimate = cores * 1000 / ceilingMs;
            md.append(("- **Creates vs the ceiling: CPU, not the database.** A create costs %.2f ms of service CPU and %.2f ms of "
                    + "PostgreSQL CPU (64 clients); the ceiling's insert costs %.2f ms of PostgreSQL CPU and no Java. With all %d cores "
                    + "and no load generator beside it the service could reach about %.0f creates/s, %.0f%% of what the same cores "
                    + "give the bare insert (about %.0f/s). The fsync of each commit is shared by group commit in both cases and is "
                    + "not the limit. The service's share is HTTP, the Spring Security filter chain, JSON both ways and the "
                    + "insert; no single part dominates (docs/profiling.md). On this machine the load tool (Apache HttpClient, classic API) "
                    + "also takes %.2f ms of CPU per request from the same cores.\n")
                    .formatted(serviceMs, postgresMs, ceilingMs, cores, estimate, 100 * estimate / ceilingEstimate, ceilingEstimate,
                            1000 * row.used().tool() / row.count()));
            double needed = 64 / (P99_LIMIT_MS / 1000);
            double measured = row.count() / row.seconds();
            String verdict = needed > estimate
                    ? "above the %.0f/s this machine's cores could give the service (previous point)".formatted(estimate)
                    : ("within the %.0f/s this machine's cores could give the service, so the mean fits; the p99 is the tail of "
                    + "64 requests queueing for 2 cores shared with PostgreSQL and the load tool, where any pause (a GC, a "
                    + "checkpoint, a neighbour) delays everything queued behind it").formatted(estimate);
            md.append(("- **p99 < 50 ms at 64 clients: a throughput question.** 64 closed-loop clients keep 64 requests in flight; "
                    + "by Little's law the mean latency is 64 / throughput, so even a mean of 50 ms needs %.0f requests/s, %s. "
                    + "Measured: %.0f creates/s, mean %.0f ms.\n").formatted(needed, verdict, measured, 64 / measured * 1000));
        }
        md.append("- **Burst: a duplicate cannot beat its own create.** The K identical calls arrive together; the first insert "
                + "takes the row, the others' `INSERT ... ON CONFLICT` waits for that transaction to commit (its durable fsync) "
                + "before it can tell \"duplicate\" (the winner might still roll back), then looks up the sites the scan names, "
                + "because DRF reports a missing reference before the duplicate (no query for a scan naming none). So the "
                + "400s answer after the 201 of their burst by construction. The guarantee that matters, no 500 and exactly "
                + "one row, holds.\n");
        CpuRow batchRow = cpu.stream().filter(r -> r.unit().equals("row") && r.step().startsWith("batch")).findFirst().orElse(null);
        CpuRow copyRow = cpu.stream().filter(r -> r.step().equals("COPY")).findFirst().orElse(null);
        if (batchRow != null && copyRow != null && batchRow.count() > 0 && copyRow.count() > 0) {
            double serviceMs = 1000 * batchRow.used().service() / batchRow.count();
            double postgresMs = 1000 * batchRow.used().postgres() / batchRow.count();
            double copyMs = 1000 * copyRow.used().postgres() / copyRow.count();
            md.append(("- **Batch sync vs COPY.** A row written by batch sync costs %.3f ms of service CPU and %.3f ms of PostgreSQL "
                    + "CPU; a row of COPY %.3f ms of PostgreSQL CPU and no Java. The batch pays for HTTP and JSON both ways (each item's "
                    + "answer carries the whole scan), the checks of labels and sites, `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO "
                    + "NOTHING RETURNING` instead of COPY, and items that repeat a pair; COPY runs one connection while the batch step "
                    + "shares the cores with its %d clients' load tool.\n").formatted(serviceMs, postgresMs, copyMs, Bench.BATCH_CLIENTS));
        }
        md.append("- **Neighbours.** Load average %s at the start and %s at the end on %d cores: other builds ran at the same time. "
                .formatted(loadAverageAtStart, Bench.loadAverage(), cores)
                + "The CPU busy column shows the share of the cores the three processes got; throughput and latency figures "
                + "are those of a shared machine, the CPU costs per request much less so.\n\n");
    }

    private List<ScenarioResult> byName(String name) {
        return results.stream().filter(r -> r.scenario().equals(name)).toList();
    }

    private double ceilingRate(int connections) {
        JdbcCeiling.Result ceiling = ceilings.get(connections);
        return ceiling == null ? Double.NaN : ceiling.measurement().perSecond(ceiling.measurement().requests());
    }

    private double ceilingShare(ScenarioResult create) {
        return create.requestsPerSecond() / ceilingRate(create.limits().clients());
    }

    private double copyShare(ScenarioResult batch) {
        return copy == null ? Double.NaN : batch.measurement().perSecond(batch.writes()) / copy.rowsPerSecond();
    }

    private static void row(StringBuilder md, String step, int clients, Measurement m, String throughput, String ratio, boolean verified) {
        Latencies l = m.all();
        md.append("| %s | %d | %d | %s | %.2f | %.2f | %.2f | %.2f | %s | %s |\n".formatted(step, clients, m.requests(), throughput,
                l.percentileMillis(50), l.percentileMillis(95), l.percentileMillis(99), l.maxMillis(), ratio, verified ? "yes" : "NO"));
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| %s | %s | %s |\n".formatted(target, measured, met ? "met" : "**missed**"));
    }
}
