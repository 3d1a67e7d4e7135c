package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator commands as operators run them, {@code java -jar scanledger.jar <command>}: against a
 * PostgreSQL given by SCANLEDGER_DB_URL, and beside a running service on its embedded database. Each
 * command's rules are tested in-process by the service's OperatorCommandsTest; this is the jar's
 * entry point, one JVM per command.
 */
class OperatorCommandLineTest {

    private static final Path JAR = Path.of(System.getProperty("scanledger.service.jar", "../service/target/scanledger.jar"));

    private static DatabaseServer database;

    @BeforeAll
    static void aDatabase() throws IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "operator-cli");
        database = DatabaseServer.start(work.resolve("postgres"), false);
    }

    @AfterAll
    static void stopIt() throws IOException {
        if (database != null) {
            database.close();
        }
    }

    private record Run(int exitCode, String output) {
    }

    @Test
    void anOperatorCreatesADriverAndIssuesItsKey() throws Exception {
        Run added = run(Map.of("SCANLEDGER_PASSWORD", "driver-secret"), "users", "add", "cli-driver", "driver");
        Run again = run(Map.of("SCANLEDGER_PASSWORD", "driver-secret"), "users", "add", "cli-driver", "driver");
        Run token = run(Map.of(), "users", "token", "cli-driver");

        assertEquals(0, added.exitCode(), added.output());
        assertTrue(added.output().contains("user cli-driver created with id"), added.output());
        assertEquals(1, again.exitCode(), again.output());
        assertTrue(again.output().contains("A user with that username already exists."), again.output());
        assertEquals(0, token.exitCode(), token.output());
        assertTrue(token.output().strip().lines().reduce((first, last) -> last).orElseThrow().matches("[0-9a-f]{40}"), token.output());
    }

    /** The switch-over command is one of the jar's; its own behaviour is tested in-process (MigrateFromDjangoTest). */
    @Test
    void migrateFromDjangoRunsFromTheJarAndNamesADjangoDatabaseItCannotOpen() throws Exception {
        String missing = database.jdbcUrl().replace("/postgres?", "/no_such_django?");

        Run run = run(Map.of("DJANGO_DB_URL", missing), "migrate-from-django");

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("Cannot open the Django database: FATAL: database \"no_such_django\" does not exist"), run.output());
    }

    /**
     * On the embedded default an operator runs commands beside the running service: they use the
     * service's own PostgreSQL, and what they create is live at once.
     */
    @Test
    void besideAServiceOnItsEmbeddedDatabaseCommandsUseThatDatabase() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "embedded-operator");
        Map<String, String> embedded = Map.of("SCANLEDGER_DATA_DIR", work.resolve("postgres").toString(),
                "SCANLEDGER_MEDIA_DIR", work.resolve("media").toString(), "SCANLEDGER_DEMO_ENABLED", "false");
        int port = freePort();
        Process service = java(withPort(embedded, port)).redirectOutput(work.resolve("service.log").toFile()).start();
        try {
            awaitHealthy(port, service);

            Run added = runIn(embedded, Map.of("SCANLEDGER_PASSWORD", "beside-secret"), "users", "add", "beside", "driver");
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/auth/token/"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"beside\", \"password\": \"beside-secret\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Run secondService = runIn(withPort(embedded, freePort()));

            assertEquals(0, added.exitCode(), added.output());
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(secondService.exitCode() != 0, secondService.output());
            assertTrue(secondService.output().contains("is in use by the PostgreSQL of a running Scanledger"), secondService.output());
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> withPort(Map<String, String> environment, int port) {
        Map<String, String> all = new HashMap<>(environment);
        all.put("PORT", String.valueOf(port));
        all.put("SCANLEDGER_MANAGEMENT_PORT", "0");
        return all;
    }

    private static void awaitHealthy(int port, Process service) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && service.isAlive()) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not become healthy");
    }

    private static Run run(Map<String, String> environment, String... args) throws Exception {
        Map<String, String> external = new HashMap<>(environment);
        external.put("SCANLEDGER_DB_URL", database.jdbcUrl());
        external.put("SCANLEDGER_DB_USER", "postgres");
        return runIn(external, Map.of(), args);
    }

    private static Run runIn(Map<String, String> environment, String... args) throws Exception {
        return runIn(environment, Map.of(), args);
    }

    private static ProcessBuilder java(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder;
    }

    private static Run runIn(Map<String, String> environment, Map<String, String> more, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(more);
        Process process = java(all, args).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command finished");
            return new Run(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
