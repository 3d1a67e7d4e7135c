package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>{@link Script#EXCHANGE} sends, per scan, every statement the service sends for a create, the way it
 * sends them: the key lookup, then the create's time limits and the insert in one exchange (one Sync,
 * so one implicit transaction). Beside {@link Script#INSERT} it tells what the service's statements cost
 * the database, apart from the service's own CPU: the most a create through them could reach here.
 */
public final class PgbenchCeiling {

    /** What each pgbench transaction sends. */
    enum Script {
        /** The service's insert alone: the ceiling. */
        INSERT,
        /** The service's key lookup, then its limits and its insert in one pipeline. */
        EXCHANGE
    }

    private static final String NEXT_PAIR = """
            \\set i :i + 1
            \\set label :first_label + :client_id * :stride + (:i - 1) / 4
            \\set phase (:i - 1) % 4
            """;

    /** {@link JdbcCeiling#SERVICE_INSERT} with pgbench variables; keep in step with the service. */
    static final String INSERT = JdbcCeiling.SERVICE_INSERT
            .replaceFirst("\\?", ":user_id").replaceFirst("\\?", ":label").replaceFirst("\\?", ":phase")
            .replaceFirst("\\?", ":distribution").replaceFirst("\\?", ":store").replaceFirst("\\?", "NULL")
            .replaceFirst("\\?", "'{\"x\": 0.5, \"y\": 0.25}'").replaceFirst("\\?", ":distribution").replaceFirst("\\?", ":distribution")
            .replaceFirst("\\?", ":store").replaceFirst("\\?", ":store").stripTrailing() + ";\n";

    /** ApiTokens' key lookup with the shipped default of no idle expiry; keep in step with the service. */
    static final String KEY_LOOKUP = """
            SELECT t.id AS key_id, u.id, u.username, u.role, u.active, u.first_name, u.last_name,
                   t.last_used IS NULL OR t.last_used < now() - interval '1 minute' AS use_unrecorded
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.key_hash = decode(:key_hash, 'hex')
              AND (0 = 0 OR coalesce(t.last_used, t.created) > now() - make_interval(secs => 0));
            """;

    /** BoundedWork's limits with the create's shipped timeouts; keep in step with the service. */
    static final String LIMITS = "SELECT set_config('statement_timeout', '5000ms', true), set_config('lock_timeout', '1000ms', true);\n";

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private PgbenchCeiling() {
    }

    static String script(Script script) {
        return NEXT_PAIR + switch (script) {
            case INSERT -> INSERT;
            case EXCHANGE -> KEY_LOOKUP + "\\startpipeline\n" + LIMITS + INSERT + "\\endpipeline\n";
        };
    }

    public record Result(Measurement measurement, List<String> problems, String output) {
    }

    /** Whether a pgbench binary is on the PATH. */
    public static boolean available() {
        return Executables.onPath("pgbench");
    }

    public static Result run(DatabaseServer database, LoadWorld world, int clients, java.time.Duration duration, Path work, Script script)
            throws IOException, SQLException, InterruptedException {
        // Generous: a client's share of the fastest rate seen on such machines for the whole step, twice over.
        int stride = Math.toIntExact(Math.max(2_000, 2 * 25_000 * duration.toSeconds() / clients / Phases.COUNT));
        long[] labels = world.freshLabels(stride * clients);
        LoadWorld.requireContiguous(labels);
        String name = script.name().toLowerCase(Locale.ROOT);
        Path directory = Files.createDirectories(work.resolve("pgbench-" + name + "-" + clients + "-" + System.nanoTime()));
        Path scriptFile = Files.writeString(directory.resolve(name + ".sql"), script(script));
        List<String> command = List.of("pgbench", "-n", "-M", "prepared", "-h", "127.0.0.1", "-p", String.valueOf(database.port()),
                "-U", "postgres", "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", String.valueOf(duration.toSeconds()), "--log", "--log-prefix=" + directory.resolve("tx"),
                "-D", "i=0", "-D", "first_label=" + labels[0], "-D", "stride=" + stride,
                "-D", "user_id=" + world.drivers().get(0).id(), "-D", "distribution=" + world.distribution(),
                "-D", "store=" + world.store(), "-D", "key_hash=" + world.drivers().get(0).keyHash(), "-f", scriptFile.toString(), "postgres");
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
