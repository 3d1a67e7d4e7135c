package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time: from starting {@code java -jar} to the first answered API request (an authenticated
 * {@code GET /api/scans/} answering 200), on the database the bench already migrated: the jar as built,
 * and from the extracted jar with an archive a training run wrote (on JDK 17 a CDS archive, on JDK 25
 * an AOT cache).
 */
final class StartupTimer {

    static final int RUNS = 3;
    /** A run starts once the cores were this idle over {@link #QUIET_WINDOW}, or after {@link #QUIET_LIMIT} of waiting. */
    static final double QUIET = 0.9;
    static final Duration QUIET_WINDOW = Duration.ofSeconds(1);
    static final Duration QUIET_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final Duration STOP_AND_WRITE_CACHE = Duration.ofSeconds(120);

    /** The runs of one way of starting, in milliseconds, and how idle the cores were just before each. */
    record Result(String runtime, String command, List<Long> millis, List<Double> idleBefore, List<String> problems) {

        long median() {
            List<Long> sorted = millis.stream().sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        }
    }

    private final Path jar;
    private final String jdbcUrl;
    private final Path work;
    private final LoadWorld.Driver driver;
    private final List<String> jvmOptions;
    private final PrintStream out;

    StartupTimer(Path jar, String jdbcUrl, Path work, LoadWorld.Driver driver, List<String> jvmOptions, PrintStream out) {
        this.jar = jar.toAbsolutePath();
        this.jdbcUrl = jdbcUrl;
        this.work = work;
        this.driver = driver;
        this.jvmOptions = jvmOptions;
        this.out = out;
    }

    Result plain(String runtime, Path javaHome) throws IOException, InterruptedException {
        return timedRuns(runtime, "java " + String.join(" ", jvmOptions) + " -jar scanledger.jar", javaHome, jar, jvmOptions,
                "startup-" + runtime, new ArrayList<>());
    }

    /** JDK 25: an AOT cache (JEP 483/514) of loaded and linked classes and method profiles. */
    Result withAotCache(String runtime, Path javaHome) throws IOException, InterruptedException {
        return withArchive(runtime, javaHome, new Archive(" + AOT cache", "scanledger.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache="));
    }

    /** JDK 17: a dynamic class-data sharing archive (AppCDS, JEP 350) of the classes the training run loaded. */
    Result withCdsArchive(String runtime, Path javaHome) throws IOException, InterruptedException {
        return withArchive(runtime, javaHome, new Archive(" + CDS archive", "scanledger.jsa", "-XX:ArchiveClassesAtExit=",
                "-XX:SharedArchiveFile="));
    }

    /** What a training run writes when it stops ({@code write} + file), and what the timed runs read it with. */
    private record Archive(String label, String file, String write, String read) {
    }

    /**
     * Both archives need a plain class path: the jar is extracted (Spring Boot's {@code -Djarmode=tools
     * extract}), one training run that serves a few requests writes the archive on exit, and the timed runs
     * read it.
     */
    private Result withArchive(String runtime, Path javaHome, Archive archive) throws IOException, InterruptedException {
        String name = runtime + archive.label();
        Path directory = Files.createDirectories(work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-")));
        Path extracted = directory.resolve("app");
        Path file = directory.resolve(archive.file()).toAbsolutePath();
        List<String> problems = new ArrayList<>();
        Process extract = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-Djarmode=tools", "-jar", jar.toString(),
                "extract", "--destination", extracted.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("extract.log").toFile()).start();
        if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            return new Result(name, "(extract failed)", List.of(), List.of(), List.of("extract failed: " + directory.resolve("extract.log")));
        }
        Path extractedJar = extracted.resolve(jar.getFileName()).toAbsolutePath();
        List<String> training = new ArrayList<>(jvmOptions);
        training.add(archive.write() + file);
        time(javaHome, extractedJar, training, "training-" + directory.getFileName(), new ArrayList<>(), problems);
        if (!Files.isRegularFile(file)) {
            problems.add("the training run wrote no " + archive.file());
            return new Result(name, "(no archive)", List.of(), List.of(), problems);
        }
        out.printf("%s: %d MB%n", archive.file(), Files.size(file) >> 20);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(archive.read() + file);
        return timedRuns(name, "java " + String.join(" ", jvmOptions) + " " + archive.read() + archive.file() + " -jar "
                + "<extracted>/scanledger.jar", javaHome, extractedJar, options, "startup-" + directory.getFileName(), problems);
    }

    /** {@link #RUNS} timed starts, each once the cores are quiet. */
    private Result timedRuns(String runtime, String command, Path javaHome, Path jarToRun, List<String> options, String name,
                             List<String> problems) throws IOException, InterruptedException {
        List<Long> millis = new ArrayList<>();
        List<Double> idle = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            idle.add(IdleCores.await(QUIET, QUIET_WINDOW, QUIET_LIMIT));
            time(javaHome, jarToRun, options, name + "-" + run, millis, problems);
        }
        return new Result(runtime, command, millis, idle, problems);
    }

    private void time(Path javaHome, Path jarToRun, List<String> options, String name, List<Long> millis, List<String> problems)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long started = System.nanoTime();
        ServiceProcess service = ServiceProcess.start(javaHome, jarToRun, jdbcUrl, work, name, options);
        try {
            HttpRequest first = HttpRequest.newBuilder(service.baseUrl().resolve("/api/scans/"))
                    .header("Authorization", "Token " + driver.token()).timeout(Duration.ofSeconds(5)).build();
            long deadline = started + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!service.isAlive()) {
                    problems.add(name + ": the service exited; log " + service.log());
                    return;
                }
                try {
                    if (http.send(first, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long elapsed = (System.nanoTime() - started) / 1_000_000;
                        millis.add(elapsed);
                        out.printf("%s: first answer after %d ms%n", name, elapsed);
                        // A few more requests, so that a training run records the request path too.
                        for (URI path : List.of(URI.create("/api/scans/?page=1"), URI.create("/api/scans/?phase=1"))) {
                            http.send(HttpRequest.newBuilder(service.baseUrl().resolve(path)).header("Authorization", "Token "
                                    + driver.token()).build(), HttpResponse.BodyHandlers.discarding());
                        }
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(POLL.toMillis());
            }
            problems.add(name + ": no answer within " + LIMIT.toSeconds() + " s");
        } finally {
            service.stopWithin(STOP_AND_WRITE_CACHE);
        }
    }
}
