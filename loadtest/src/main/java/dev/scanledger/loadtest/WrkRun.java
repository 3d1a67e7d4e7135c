package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service driven by wrk, a C load generator, so that the load tool's own Java does not take the
 * cores the service needs. wrk keeps N keep-alive connections busy (closed loop, as the Java tool's
 * clients); its Lua scripts (resources {@code wrk/}) build the requests and count answers per status.
 */
public final class WrkRun {

    private static final int THREADS = 2;

    private WrkRun() {
    }

    /** What wrk measured; latencies in milliseconds. */
    public record Result(String scenario, int connections, long requests, double seconds, double p50, double p95, double p99,
                         double max, Map<Integer, Long> statuses, long socketErrors, long generated, List<String> problems) {

        public double perSecond() {
            return seconds == 0 ? 0 : requests / seconds;
        }

        public long status(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        public boolean passed() {
            return problems.isEmpty();
        }

        Result withProblems(List<String> more) {
            List<String> all = new ArrayList<>(problems);
            all.addAll(more);
            return new Result(scenario, connections, requests, seconds, p50, p95, p99, max, statuses, socketErrors, generated, List.copyOf(all));
        }
    }

    public static boolean available() {
        return Executables.onPath("wrk");
    }

    /**
     * Creates for {@code duration} over {@code connections}: each thread has its own range of fresh
     * labels, drivers in turn. Every answer must be 201 and every 201 one new row; requests still in
     * flight when wrk stops may have written a row wrk never counted, at most one per connection.
     */
    public static Result creates(URI base, LoadWorld world, int connections, Duration duration, Path work)
            throws IOException, java.sql.SQLException, InterruptedException {
        int stride = Math.toIntExact(Math.max(10_000, 25_000 * duration.toSeconds() / THREADS / Phases.COUNT));
        long[] labels = world.freshLabels(stride * THREADS);
        LoadWorld.requireContiguous(labels);
        List<String> args = new ArrayList<>(List.of(String.valueOf(labels[0]), String.valueOf(stride),
                String.valueOf(world.distribution()), String.valueOf(world.store())));
        world.drivers().forEach(d -> args.add(d.token()));
        Result result = run("create", "create.lua", base, connections, duration, work, args);
        List<String> problems = new ArrayList<>();
        long created = result.status(201);
        if (created != result.requests()) {
            problems.add("%d of %d answers were not 201: %s".formatted(result.requests() - created, result.requests(), result.statuses()));
        }
        long rows = JdbcCeiling.countRows(world.database(), labels);
        if (rows < created || rows > created + connections) {
            problems.add("rows %d for %d answers 201 (at most %d more expected, for requests cut off in flight)".formatted(rows, created,
                    connections));
        }
        return result.withProblems(problems);
    }

    /**
     * GETs of the given {@code token -> path} lines, round and round; every answer must be 200.
     */
    public static Result gets(String scenario, URI base, List<Map.Entry<String, String>> tokenAndPath, int connections, Duration duration,
                              Path work) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(work.resolve("wrk"));
        StringBuilder lines = new StringBuilder();
        tokenAndPath.forEach(e -> lines.append(e.getKey()).append('\t').append(e.getValue()).append('\n'));
        Path file = Files.writeString(directory.resolve(scenario + "-" + System.nanoTime() + ".tsv"), lines);
        Result result = run(scenario, "get.lua", base, connections, duration, work, List.of(file.toString()));
        if (result.status(200) != result.requests()) {
            return result.withProblems(List.of("%d of %d answers were not 200: %s".formatted(result.requests() - result.status(200),
                    result.requests(), result.statuses())));
        }
        return result;
    }

    private static Result run(String scenario, String script, URI base, int connections, Duration duration, Path work, List<String> args)
            throws IOException, InterruptedException {
        Loopback.require(base);
        Path directory = Files.createDirectories(work.resolve("wrk"));
        Path lua = directory.resolve(script);
        Files.writeString(lua, resource("common.lua") + "\n" + resource(script));
        List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(Math.min(THREADS, connections)),
                "-c", String.valueOf(connections), "-d", duration.toSeconds() + "s", "--timeout", "15s", "-s", lua.toString(),
                base.toString(), "--"));
        command.addAll(args);
        Path output = directory.resolve(scenario + "-" + connections + "-" + System.nanoTime() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new IllegalStateException("wrk did not finish; output in " + output);
        }
        return parse(scenario, connections, Files.readString(output), process.exitValue());
    }

    static Result parse(String scenario, int connections, String output, int exitCode) {
        Map<String, Long> values = new HashMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("WRK_RESULT ")) {
                for (String pair : line.substring("WRK_RESULT ".length()).trim().split("\\s+")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
            } else if (line.startsWith("WRK_STATUS")) {
                for (String pair : line.substring("WRK_STATUS".length()).trim().split("\\s+")) {
                    if (!pair.isEmpty()) {
                        String[] kv = pair.split("=");
                        statuses.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (exitCode != 0 || !values.containsKey("requests")) {
            problems.add("wrk exited with " + exitCode + ": " + output.strip());
            return new Result(scenario, connections, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, statuses, 0, 0, problems);
        }
        long socketErrors = values.get("connect_errors") + values.get("read_errors") + values.get("write_errors") + values.get("timeouts");
        if (socketErrors > 0) {
            problems.add("socket errors: connect %d, read %d, write %d, timeouts %d".formatted(values.get("connect_errors"),
                    values.get("read_errors"), values.get("write_errors"), values.get("timeouts")));
        }
        statuses.keySet().stream().filter(s -> s >= 500).findAny().ifPresent(s -> problems.add("5xx answers: " + statuses));
        return new Result(scenario, connections, values.get("requests"), values.get("duration_us") / 1e6, values.get("p50_us") / 1e3,
                values.get("p95_us") / 1e3, values.get("p99_us") / 1e3, values.get("max_us") / 1e3, statuses, socketErrors,
                values.get("generated"), problems);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WrkRun.class.getResourceAsStream("/wrk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource wrk/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
