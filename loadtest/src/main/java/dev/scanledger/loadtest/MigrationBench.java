package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The switch-over bench: a durable PostgreSQL of our own holding a generated Django database of
 * {@code --scans} scans and an empty Scanledger database, then the service jar's
 * {@code migrate-from-django} run as the runbook runs it (a process with -Xmx256m): the first copy, a
 * second run with nothing changed, a run after Django changed, and --verify. Writes its section of
 * docs/benchmarks.md.
 */
final class MigrationBench {

    static final String HEADING = "## migrate-from-django: copying a Django deployment";
    static final double TARGET_SCANS_PER_SECOND = 50_000;
    static final long ADDED = 10_000;
    static final long CHANGED = 1_000;
    private static final Pattern TABLE_LINE = Pattern.compile(
            "^(\\w+): ([\\d,]+) rows in ([\\d.]+) s \\(([\\d,]+) rows/s\\): (.*)$", Pattern.MULTILINE);

    /** A first copy into an empty table builds its secondary indexes after the rows, within the table's time. */
    private static final Pattern SCAN_INDEXES_LINE = Pattern.compile(
            "^scans: (\\d+) secondary indexes built in ([\\d.]+) s", Pattern.MULTILINE);

    private MigrationBench() {
    }

    record TableLine(String table, long rows, double seconds, long perSecond, String outcome) {
    }

    record Run(String name, int exitCode, double wallSeconds, CpuTime cpu, double peakRssMb, List<TableLine> tables, String output) {

        Optional<TableLine> table(String table) {
            return tables.stream().filter(t -> t.table().equals(table)).findFirst();
        }

        /** "of which 4.9 s building 8 indexes", when this run built the scans' indexes after their rows. */
        String scanIndexBuild() {
            Matcher m = SCAN_INDEXES_LINE.matcher(output);
            return m.find() ? ", of which %s s building %s indexes".formatted(m.group(2), m.group(1)) : "";
        }
    }

    static int run(Options options, PrintStream out) throws Exception {
        Path jar = Path.of(options.required("service-jar"));
        Path work = Path.of(options.required("work-dir"));
        Path report = Path.of(options.text("out", "docs/benchmarks.md"));
        long scans = options.number("scans", 1_000_000);
        int jobs = options.integer("jobs", 2);
        String command = options.text("command", "bench/migrate-from-django");
        String loadAtStart = Bench.loadAverage();
        String startedAt = Instant.now().toString();
        List<Run> runs = new ArrayList<>();
        String postgresVersion;
        double generatedIn;
        try (DatabaseServer database = DatabaseServer.start(work.resolve("postgres"), true)) {
            String server = database.jdbcUrl();
            try (Connection admin = DriverManager.getConnection(server); Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE django");
                sql.execute("CREATE DATABASE scanledger");
                try (var rs = sql.executeQuery("SHOW server_version")) {
                    rs.next();
                    postgresVersion = rs.getString(1);
                }
            }
            String django = server.replace("/postgres?", "/django?");
            String scanledger = server.replace("/postgres?", "/scanledger?");
            Path media = work.resolve("django-media");
            out.printf("generating a Django database of %,d scans...%n", scans);
            long generating = System.nanoTime();
            try (Connection connection = DriverManager.getConnection(django)) {
                DjangoSourceGenerator.fill(connection, media, scans);
            }
            generatedIn = (System.nanoTime() - generating) / 1e9;
            Migration migration = new Migration(jar, work, django, scanledger, media, database.postmasterPid(), jobs);
            runs.add(migration.run("first copy into an empty Scanledger", out));
            runs.add(migration.run("second run, nothing changed in Django", out));
            try (Connection connection = DriverManager.getConnection(django)) {
                DjangoSourceGenerator.change(connection, ADDED, CHANGED);
            }
            runs.add(migration.run("run after Django added %,d scans and changed %,d".formatted(ADDED, CHANGED), out));
            runs.add(migration.run("--verify", out, "--verify"));
        }
        String section = section(command, startedAt, loadAtStart, postgresVersion, scans, jobs, generatedIn, runs);
        ReportSections.put(report, HEADING, section);
        out.println();
        out.println(HEADING);
        out.println(section);
        out.println("written to " + report);
        return runs.stream().allMatch(r -> r.exitCode() == 0) ? 0 : 1;
    }

    /** The jar's migrate-from-django, run as a child process with the runbook's heap. */
    private record Migration(Path jar, Path work, String django, String scanledger, Path media, long postmasterPid, int jobs) {

        Run run(String name, PrintStream out, String... extra) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "migrate-from-django",
                    "--source-url", django, "--media", media.toString(), "--jobs", String.valueOf(jobs)));
            command.addAll(List.of(extra));
            Path log = Files.createTempFile(work, "migrate-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SCANLEDGER_DB_URL", scanledger);
            builder.environment().put("SCANLEDGER_MEDIA_DIR", work.resolve("scanledger-media").toString());
            out.println("running: migrate-from-django " + String.join(" ", extra) + " (" + name + ")");
            CpuTime before = cpu();
            long started = System.nanoTime();
            Process process = builder.start();
            Thread stopOnExit = new Thread(process::destroy, "stop-migration");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            double peak;
            try (RssSampler rss = new RssSampler(process.pid())) {
                if (!process.waitFor(30, TimeUnit.MINUTES)) {
                    process.destroy();
                    throw new IllegalStateException("migrate-from-django did not finish in 30 minutes; see " + log);
                }
                peak = rss.peakMb();
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            }
            double wall = (System.nanoTime() - started) / 1e9;
            CpuTime used = cpu().minus(before);
            String output = Files.readString(log);
            out.print(output.lines().filter(l -> !l.contains(" WARN ") && !l.startsWith("\tat ")).map(l -> "  " + l + "\n")
                    .reduce("", String::concat));
            List<TableLine> tables = new ArrayList<>();
            Matcher m = TABLE_LINE.matcher(output);
            while (m.find()) {
                tables.add(new TableLine(m.group(1), number(m.group(2)), Double.parseDouble(m.group(3)), number(m.group(4)), m.group(5)));
            }
            return new Run(name, process.exitValue(), wall, used, peak, tables, output);
        }

        /** The tool's reaped children (the migration's JVM) and the PostgreSQL server (source and target alike). */
        private CpuTime cpu() {
            long self = ProcessHandle.current().pid();
            double reapedChildren = CpuTime.seconds(self, true) - CpuTime.seconds(self, false);
            return new CpuTime(reapedChildren, CpuTime.of(self, postmasterPid).postgres(), 0);
        }
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static String section(String command, String startedAt, String loadAtStart, String postgresVersion, long scans,
            int jobs, double generatedIn, List<Run> runs) {
        StringBuilder md = new StringBuilder();
        long labels = DjangoSourceGenerator.labelsFor(scans);
        md.append("Recorded by `").append(command).append("` (see docs/migrating-from-django.md). A durable PostgreSQL ")
                .append(postgresVersion).append(" of the bench's own (fsync, synchronous_commit and full_page_writes on) holds ")
                .append("both the generated Django database and the empty Scanledger database; the service jar's ")
                .append("`migrate-from-django` runs as a process with `-Xmx256m`, `--jobs ").append(jobs)
                .append("` (parallel writers), chunks of 50,000 rows.\n\n");
        md.append("- date: ").append(startedAt).append('\n');
        Bench.machine().forEach(fact -> md.append("- ").append(fact).append('\n'));
        md.append("- load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ").append(Bench.loadAverage())
                .append(" (other processes on the machine compete for the cores)\n");
        md.append("- source: %,d scans (phases 0 to 2, a label's scans far apart in id order), %,d labels, %d users with DRF tokens, "
                .formatted(scans, labels, DjangoSourceGenerator.USERS))
                .append("2 factories, %d distribution centres, %d stores, %,d label images; generated in %.0f s\n\n"
                        .formatted(DjangoSourceGenerator.DISTRIBUTIONS, DjangoSourceGenerator.STORES,
                                (scans + DjangoSourceGenerator.IMAGE_EVERY - 1) / DjangoSourceGenerator.IMAGE_EVERY, generatedIn));
        md.append("| run | exit | wall s | scans copied at | labels at | images | CPU s: JVM / PostgreSQL | peak RSS MB | scans |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---:|---|\n");
        for (Run run : runs) {
            String scanRate = run.table("scans").map(t -> "%,d rows/s (%.1f s%s)".formatted(t.perSecond(), t.seconds(), run.scanIndexBuild()))
                    .orElse("");
            String labelRate = run.table("labels").map(t -> "%,d rows/s".formatted(t.perSecond())).orElse("");
            String images = run.table("images").map(t -> "%.1f s".formatted(t.seconds())).orElse("");
            String outcome = run.table("scans").map(TableLine::outcome).orElse(verifyOutcome(run));
            md.append("| %s | %d | %.1f | %s | %s | %s | %.1f / %.1f | %.0f | %s |\n".formatted(run.name(), run.exitCode(), run.wallSeconds(),
                    scanRate, labelRate, images, run.cpu().service(), run.cpu().postgres(), run.peakRssMb(), outcome));
        }
        Run first = runs.get(0);
        Optional<TableLine> copied = first.table("scans");
        md.append('\n');
        if (copied.isPresent()) {
            TableLine scansLine = copied.get();
            boolean met = scansLine.perSecond() >= TARGET_SCANS_PER_SECOND;
            md.append("Target: at least %,.0f scans/s for the bulk copy. Measured: %,d scans/s (%s rows in %.1f s): %s.\n\n".formatted(
                    TARGET_SCANS_PER_SECOND, scansLine.perSecond(), "%,d".formatted(scansLine.rows()), scansLine.seconds(),
                    met ? "met" : "missed"));
            md.append(("CPU for the whole first run (pre-flight, images, every table, tokens): %.1f ms in the migration's JVM (most of "
                    + "it starting the JVM and Spring) and %.1f ms in PostgreSQL (source and target) per 1,000 scans. Unlike the rates this "
                    + "hardly depends on what else runs on the machine.%n%n").formatted(
                    1e6 * first.cpu().service() / scans, 1e6 * first.cpu().postgres() / scans));
            if (runs.size() > 1) {
                double writing = first.cpu().postgres() - runs.get(1).cpu().postgres();
                md.append(("PostgreSQL's CPU for the writes themselves (the first copy's beyond the unchanged rerun's, which reads and "
                        + "compares the same rows): %.1f s for %,d scans and %,d labels, %.1f µs per scan, labels included. Each scan "
                        + "costs four foreign key checks and an entry in the primary key and the unique (label, phase) key; the eight other "
                        + "indexes of scans are built once all rows are in (a first copy into an empty table), in one sorted pass each. The "
                        + "tool's own work is small beside it. With the "
                        + "machine's %d cores to itself, the writes alone would take PostgreSQL to about %,.0f scans/s (reading and "
                        + "comparing come on top); the rate above is what the copy got of a machine shared with the load average shown.%n").formatted(writing, scans, labels,
                        1e6 * writing / scans, Runtime.getRuntime().availableProcessors(),
                        scans / (writing / Runtime.getRuntime().availableProcessors())));
            }
        }
        return md.toString();
    }

    private static String verifyOutcome(Run run) {
        return run.output().lines().filter(l -> l.startsWith("Verified") || l.startsWith("Different")).findFirst().orElse("");
    }
}
