package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service behind PgBouncer in transaction pooling mode (Debian's pgbouncer, installed by .ci/run),
 * as docs/operations.md tells to run it: pgjdbc with prepareThreshold=0, Flyway straight to PostgreSQL.
 * Every scenario of the load tool verifies through it, and the per-kind timeouts, set with SET LOCAL
 * semantics per transaction, still hold. Skipped where pgbouncer is not installed, except in CI.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgBouncerTest {

    private static final Path PGBOUNCER = Path.of("/usr/sbin/pgbouncer");
    private static DatabaseServer database;
    private static Process pgbouncer;
    private static ServiceProcess service;
    private static String viaBouncer;

    @BeforeAll
    static void startDatabaseBouncerAndService() throws Exception {
        boolean required = "1".equals(System.getenv("SCANLEDGER_REQUIRE_PGBOUNCER"));
        assumeTrue(required || Files.isExecutable(PGBOUNCER), "pgbouncer is not installed (apt-get install pgbouncer)");
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pgbouncer").toAbsolutePath();
        database = DatabaseServer.start(work.resolve("postgres"), false);
        Path bouncer = Files.createDirectories(work.resolve("bouncer"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        // pgbouncer refuses to run as root; as root it is started with -u postgres, which must write here.
        Files.setPosixFilePermissions(bouncer, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = freePort();
        Files.writeString(bouncer.resolve("users.txt"), "\"postgres\" \"\"\n");
        Files.writeString(bouncer.resolve("pgbouncer.ini"), """
                [databases]
                postgres = host=127.0.0.1 port=%d dbname=postgres user=postgres
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = transaction
                default_pool_size = 20
                max_client_conn = 300
                ignore_startup_parameters = extra_float_digits
                logfile = %s
                pidfile = %s
                """.formatted(database.port(), port, bouncer.resolve("users.txt"), bouncer.resolve("pgbouncer.log"),
                bouncer.resolve("pgbouncer.pid")));
        List<String> command = new ArrayList<>(List.of(PGBOUNCER.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "postgres"));
        }
        command.add(bouncer.resolve("pgbouncer.ini").toString());
        pgbouncer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(bouncer.resolve("stdout.log").toFile()).start();
        viaBouncer = "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres&prepareThreshold=0".formatted(port);
        awaitConnectable(viaBouncer, bouncer);

        service = ServiceProcess.start(Path.of(System.getProperty("scanledger.service.jar", "../service/target/scanledger.jar")),
                viaBouncer, work, "service", List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                Map.of("SPRING_FLYWAY_URL", database.jdbcUrl(), "SPRING_FLYWAY_USER", "postgres"));
        service.awaitHealthy();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            try {
                if (pgbouncer != null) {
                    pgbouncer.destroy();
                    pgbouncer.waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    @Test
    void everyScenarioVerifiesThroughTransactionPooling() throws Exception {
        String url = service.baseUrl().toString();
        for (List<String> scenario : List.of(
                List.of("--scenario", "create", "--clients", "8", "--requests", "3000", "--duration", "2"),
                List.of("--scenario", "burst", "--clients", "4", "--burst", "8", "--requests", "3000", "--duration", "2"),
                List.of("--scenario", "read", "--clients", "8", "--requests", "3000", "--duration", "1"),
                List.of("--scenario", "batch", "--clients", "4", "--batch-size", "100", "--overlap", "0.2", "--requests", "200",
                        "--duration", "2"),
                List.of("--scenario", "idempotent", "--clients", "4", "--burst", "8", "--requests", "3000", "--duration", "2"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // The tool's own setup and checks go straight to PostgreSQL; the service goes through PgBouncer.
            List<String> args = new ArrayList<>(List.of("run", "--url", url, "--jdbc", database.jdbcUrl(), "--drivers", "4"));
            args.addAll(scenario);
            int exit = LoadTool.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
            String report = output.toString(StandardCharsets.UTF_8);
            System.out.print(report);
            assertEquals(0, exit, report);
            assertTrue(report.contains("verified: OK"), report);
        }
    }

    @Test
    void theLockTimeoutOfACreateHoldsThroughTransactionPooling() throws Exception {
        try (Connection direct = DriverManager.getConnection(database.jdbcUrl())) {
            LoadWorld world = LoadWorld.create(direct, 1);
            long label = world.freshLabels(1)[0];
            direct.setAutoCommit(false);
            try (PreparedStatement lock = direct.prepareStatement("SELECT id FROM labels WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, label);
                lock.executeQuery().close();
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.baseUrl().resolve("/api/scans/"))
                    .header("Authorization", "Token " + world.drivers().get(0).token())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\": %d, \"phase\": 1}".formatted(label))).build(),
                    HttpResponse.BodyHandlers.ofString());
            direct.rollback();

            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals("2", answer.headers().firstValue("Retry-After").orElse(null));
        }
    }

    private static void awaitConnectable(String url, Path bouncer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = DriverManager.getConnection(url)) {
                return;
            } catch (java.sql.SQLException notYet) {
                if (!pgbouncer.isAlive()) {
                    throw new IllegalStateException("pgbouncer exited: " + Files.readString(bouncer.resolve("stdout.log")));
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("pgbouncer not reachable: " + Files.readString(bouncer.resolve("stdout.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
