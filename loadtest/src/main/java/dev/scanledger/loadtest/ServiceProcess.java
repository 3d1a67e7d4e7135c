package dev.scanledger.loadtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service's executable jar as a separate process on a free port and a given PostgreSQL: the
 * shipped artifact under test, not a Spring context in the test's JVM. Stopped by its PID (SIGTERM,
 * then SIGKILL), never by name.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final URI baseUrl;
    private final Path log;

    private final Thread stopOnExit;

    private ServiceProcess(Process process, URI baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
        // A child process outlives the JVM that started it; a Ctrl-C or SIGTERM of the tool must not leave it running.
        this.stopOnExit = new Thread(process::destroy, "stop-service-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts the jar; call {@link #awaitHealthy()} before sending load. */
    public static ServiceProcess start(Path jar, String jdbcUrl, Path workDirectory, String name, List<String> jvmOptions)
            throws IOException {
        return start(jar, jdbcUrl, workDirectory, name, jvmOptions, Map.of());
    }

    /** As above, with more environment variables for the service (its settings, see the README). */
    public static ServiceProcess start(Path jar, String jdbcUrl, Path workDirectory, String name, List<String> jvmOptions,
            Map<String, String> environment) throws IOException {
        return start(Path.of(System.getProperty("java.home")), jar, jdbcUrl, workDirectory, name, jvmOptions, environment);
    }

    /** As above, on the JDK at {@code javaHome}. */
    public static ServiceProcess start(Path javaHome, Path jar, String jdbcUrl, Path workDirectory, String name, List<String> jvmOptions)
            throws IOException {
        return start(javaHome, jar, jdbcUrl, workDirectory, name, jvmOptions, Map.of());
    }

    private static ServiceProcess start(Path javaHome, Path jar, String jdbcUrl, Path workDirectory, String name, List<String> jvmOptions,
            Map<String, String> environment) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no service jar at " + jar.toAbsolutePath()
                    + ": build it first with ./mvnw -B -ntp -pl service -am package -DskipTests");
        }
        int port = freePort();
        // Absolute: the process runs in this directory, and a relative media path would be resolved again there.
        Path directory = Files.createDirectories(workDirectory.resolve(name)).toAbsolutePath();
        Path log = directory.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        // several services run side by side: each its own free management port
        builder.environment().put("SCANLEDGER_MANAGEMENT_PORT", "0");
        builder.environment().put("SCANLEDGER_DB_URL", jdbcUrl);
        builder.environment().put("SCANLEDGER_DB_USER", "postgres");
        builder.environment().put("SCANLEDGER_DEMO_ENABLED", "false");
        builder.environment().put("SCANLEDGER_MEDIA_DIR", directory.resolve("media").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.writeString(directory.resolve("service.pid"), process.pid() + "\n");
        return new ServiceProcess(process, URI.create("http://127.0.0.1:" + port), log);
    }

    public ServiceProcess awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUrl.resolve("/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; log " + log + ":\n" + tail());
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("service not healthy after " + START_TIMEOUT + "; log " + log + ":\n" + tail());
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    /** What a crash does: SIGKILL, no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a service; waits for the exit. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path mediaDirectory() {
        return log.getParent().resolve("media");
    }

    public Path log() {
        return log;
    }

    public String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        stopWithin(STOP_TIMEOUT);
    }

    /** SIGTERM, and SIGKILL if it is still running after {@code timeout} (a JVM writing an AOT cache at exit takes a while). */
    public void stopWithin(Duration timeout) throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook stops the process
        }
        process.destroy();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
