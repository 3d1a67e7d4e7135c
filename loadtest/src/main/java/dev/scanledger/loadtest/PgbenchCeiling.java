package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database's ceiling measured by pgbench, a C client: the same statement as {@link JdbcCeiling}
 * (the service's insert, verbatim), one durable autocommitted transaction per scan, N connections.
 * The JDBC ceiling's own Java costs CPU on the same cores; pgbench costs much less, so this is the
 * figure closest to what the database alone can do here. Each client writes its own range of fresh
 * labels, all phases of a label in turn, so every insert is a new pair; a client that ran past its
 * range would hit another's pairs, which the row count afterwards reveals.
 */
public final class PgbenchCeiling {

    /** {@link JdbcCeiling#SERVICE_INSERT} with pgbench variables; keep in step with the service. */
    static final String SCRIPT = """
            \\set i :i + 1
            \\set label :first_label + :client_id * :stride + (:i - 1) / 4
            \\set phase (:i - 1) % 4
            """ + JdbcCeiling.SERVICE_INSERT
            .replaceFirst("\\?", ":user_id").replaceFirst("\\?", ":label").replaceFirst("\\?", ":phase")
            .replaceFirst("\\?", ":distribution").replaceFirst("\\?", ":store").replaceFirst("\\?", "NULL")
            .replaceFirst("\\?", "'{\"x\": 0.5, \"y\": 0.25}'").replaceFirst("\\?", ":distribution").replaceFirst("\\?", ":distribution")
            .replaceFirst("\\?", ":store").replaceFirst("\\?", ":store").stripTrailing() + ";\n";

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private PgbenchCeiling() {
    }

    public record Result(Measurement measurement, List<String> problems, String output) {
    }

    /** Whether a pgbench binary is on the PATH. */
    public static boolean available() {
        return Executables.onPath("pgbench");
    }

    public static Result run(DatabaseServer database, LoadWorld world, int clients, java.time.Duration duration, Path work)
            throws IOException, SQLException, InterruptedException {
        // Generous: a client's share of the fastest rate seen on such machines for the whole step, twice over.
        int stride = Math.toIntExact(Math.max(2_000, 2 * 25_000 * duration.toSeconds() / clients / Phases.COUNT));
        long[] labels = world.freshLabels(stride * clients);
        LoadWorld.requireContiguous(labels);
        Path directory = Files.createDirectories(work.resolve("pgbench-" + clients + "-" + System.nanoTime()));
        Path script = Files.writeString(directory.resolve("insert.sql"), SCRIPT);
        List<String> command = List.of("pgbench", "-n", "-M", "prepared", "-h", "127.0.0.1", "-p", String.valueOf(database.port()),
                "-U", "postgres", "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", String.valueOf(duration.toSeconds()), "--log", "--log-prefix=" + directory.resolve("tx"),
                "-D", "i=0", "-D", "first_label=" + labels[0], "-D", "stride=" + stride,
                "-D", "user_id=" + world.drivers().get(0).id(), "-D", "distribution=" + world.distribution(),
                "-D", "store=" + world.store(), "-f", script.toString(), "postgres");
        Path outputFile = directory.resolve("pgbench.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException("pgbench did not finish; output in " + outputFile);
        }
        String output = Files.readString(outputFile);
        List<String> problems = new ArrayList<>();
        if (process.exitValue() != 0) {
            problems.add("pgbench exited with " + process.exitValue() + ": " + output.strip());
        }
        Measurement measurement = new Measurement();
        long elapsedMicros = readLatencies(directory, measurement);
        measurement.finish(elapsedMicros * 1_000);
        long processed = number(PROCESSED, output);
        long failed = number(FAILED, output);
        if (failed != 0) {
            problems.add(failed + " failed transactions");
        }
        if (processed != measurement.requests()) {
            problems.add("pgbench reported %d transactions, its log %d".formatted(processed, measurement.requests()));
        }
        long rows = JdbcCeiling.countRows(world.database(), labels);
        if (rows != processed) {
            problems.add("rows %d, transactions %d (a client ran past its labels?)".formatted(rows, processed));
        }
        return new Result(measurement, problems, output);
    }

    /**
     * Every transaction's latency from pgbench's per-transaction logs ({@code client tx latency_us
     * script epoch_s epoch_us}); returns the span from the first start to the last end in microseconds.
     */
    private static long readLatencies(Path directory, Measurement measurement) throws IOException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (Stream<Path> logs = Files.list(directory)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("tx")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 6) {
                        continue;
                    }
                    long latencyMicros = Long.parseLong(fields[2]);
                    long endMicros = Long.parseLong(fields[4]) * 1_000_000 + Long.parseLong(fields[5]);
                    first = Math.min(first, endMicros - latencyMicros);
                    last = Math.max(last, endMicros);
                    measurement.record(JdbcCeiling.ROW_INSERTED, latencyMicros * 1_000);
                }
            }
        }
        return first == Long.MAX_VALUE ? 0 : last - first;
    }

    private static long number(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
