package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped service jar, as processes, under the load tool: one PostgreSQL started here, two service
 * instances on it. The database runs without fsync to keep CI fast; the outcome of a race does not
 * depend on it (ON CONFLICT waits for the competing transaction either way).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceUnderLoadTest {

    /** Small heaps: two services, the tests and other builds share a CI machine. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    private static DatabaseServer database;
    private static ServiceProcess first;
    private static ServiceProcess second;

    @BeforeAll
    static void startDatabaseAndTwoInstances() throws Exception {
        Path jar = Path.of(System.getProperty("scanledger.service.jar", "../service/target/scanledger.jar"));
        // Under target/: the service logs stay for a failed build to show, and mvn clean removes them.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "service-under-load");
        database = DatabaseServer.start(work.resolve("postgres"), false);
        // One after the other: the first runs the Flyway migration, the second finds it done.
        // Assigned before waiting, so that @AfterAll stops a process that never became healthy.
        first = ServiceProcess.start(jar, database.jdbcUrl(), work, "first", JVM_OPTIONS);
        first.awaitHealthy();
        second = ServiceProcess.start(jar, database.jdbcUrl(), work, "second", JVM_OPTIONS);
        second.awaitHealthy();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (second != null) {
                second.close();
            }
        } finally {
            try {
                if (first != null) {
                    first.close();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    /**
     * Runs end by count, so the exact outcomes asserted are the same on an idle machine and on one shared
     * with other builds; the time bound only catches a hang.
     */
    private static RunLimits countBound(int clients, long requests) {
        return new RunLimits(clients, requests, Duration.ofSeconds(60));
    }

    @Test
    void smokeRunOfEveryScenarioThroughTheCommandLine() throws Exception {
        String one = first.baseUrl().toString();
        String both = one + "," + second.baseUrl();
        for (List<String> scenario : List.of(
                List.of("--url", one, "--requests", "5000", "--scenario", "create", "--clients", "8", "--duration", "2"),
                List.of("--url", one, "--requests", "5000", "--scenario", "burst", "--clients", "4", "--burst", "8", "--duration", "2"),
                List.of("--url", one, "--requests", "2000", "--scenario", "volley", "--clients", "4", "--burst", "8", "--duration", "2"),
                List.of("--url", one, "--requests", "2000", "--scenario", "duplicate", "--clients", "8", "--duration", "1"),
                List.of("--url", one, "--requests", "5000", "--scenario", "read", "--clients", "8", "--duration", "1"),
                List.of("--url", both, "--requests", "300", "--scenario", "batch", "--clients", "4", "--batch-size", "100",
                        "--overlap", "0.2", "--duration", "2"),
                List.of("--url", both, "--requests", "5000", "--scenario", "idempotent", "--clients", "4", "--burst", "8",
                        "--duration", "2"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(List.of("run", "--jdbc", database.jdbcUrl(), "--drivers", "4"));
            args.addAll(scenario);
            int exit = LoadTool.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
            String report = output.toString(StandardCharsets.UTF_8);
            System.out.print(report);
            assertEquals(0, exit, report);
            assertTrue(report.contains("verified: OK"), report);
        }
    }

    /** A scenario run by count over both instances, for four new drivers, its figures printed. */
    private static ScenarioResult overBothInstances(String scenario, Scenarios.Settings settings, RunLimits limits) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            LoadWorld world = LoadWorld.create(connection, 4);
            ScenarioResult result = ScenarioRun.execute(Scenarios.named(scenario, List.of(first.baseUrl(), second.baseUrl()), settings),
                    world, limits);
            result.print(System.out);
            return result;
        }
    }

    private static Scenarios.Settings calls(int perVolley) {
        return Scenarios.Settings.DEFAULTS.withBurst(perVolley);
    }

    @Test
    void burstsSplitOverTwoInstancesKeepExactOutcomes() throws Exception {
        ScenarioResult result = overBothInstances("burst", calls(8), countBound(8, 50 * 8));

        assertEquals(List.of(), result.problems());
        assertEquals(0, result.measurement().serverErrors());
        long pairs = result.writes();
        assertEquals(50, pairs);
        assertEquals(pairs, result.measurement().status(201).count());
        assertEquals(pairs * 7, result.measurement().status(DuplicateAnswer.STATUS).count());
        assertEquals(pairs * 8, result.measurement().requests());
    }

    @Test
    void aVolleyOfDifferentCreatesIsAnswered201EachWithItsFirstAnswerKeptApart() throws Exception {
        ScenarioResult result = overBothInstances("volley", calls(8), countBound(4, 30 * 8));

        assertEquals(List.of(), result.problems());
        assertEquals(30 * 8, result.writes());
        assertEquals(30 * 8, result.measurement().status(201).count());
        assertEquals(30, result.groups().get(AnswerOrder.FIRST).count());
        assertEquals(30 * 7, result.groups().get(AnswerOrder.REST).count());
    }

    @Test
    void overlappingBatchesOverTwoInstancesKeepExactOutcomes() throws Exception {
        ScenarioResult result = overBothInstances("batch", new Scenarios.Settings(8, 200, 0.25, true), countBound(6, 30));

        assertEquals(List.of(), result.problems());
        assertEquals(result.measurement().requests(), result.measurement().status(200).count());
        long items = result.tallies().get("items");
        assertEquals(30 * 200, items);
        assertEquals(result.writes(), result.tallies().get("created"));
        assertEquals(items - result.writes(), result.tallies().get("duplicate"));
        assertTrue(result.tallies().get("repeats of recent batches") > 0, result.tallies().toString());
    }

    @Test
    void concurrentRetriesWithOneKeyExecuteOnceOverTwoInstances() throws Exception {
        ScenarioResult result = overBothInstances("idempotent", calls(8), countBound(6, 40 * (8 + 1)));

        assertEquals(List.of(), result.problems());
        long keys = result.tallies().get("keys");
        assertEquals(40, keys);
        assertEquals(keys, result.writes());
        assertEquals(keys, result.tallies().get("201 executed"));
        assertEquals(keys * 7, result.tallies().get("201 replayed") + result.tallies().get("409 in flight"));
        assertEquals(result.tallies().get("late retries"), result.tallies().get("late retries replayed"));
    }

    @Test
    void theBenchsDataFillWritesRowsTheSchemaAccepts() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            LoadWorld world = LoadWorld.create(connection, 2);
            DataFill fill = DataFill.prepare(connection, world, world.drivers());
            long before = DataFill.scanRows(connection);

            long given = fill.giveEach(300);
            long grown = fill.growTo(DataFill.scanRows(connection) + 3_000);

            assertEquals(600, given);
            assertEquals(3_000, grown);
            assertEquals(before + 3_600, DataFill.scanRows(connection));
        }
    }

    @Test
    void anUnknownScenarioIsAUsageError() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = LoadTool.run(List.of("run", "--url", first.baseUrl().toString(), "--jdbc", database.jdbcUrl(),
                "--scenario", "bulk"), new PrintStream(output, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("unknown scenario bulk"));
    }
}
