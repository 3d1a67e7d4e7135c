package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faults done for real to the shipped jar: a start before the database exists, the database stopped
 * and restarted under load, the service killed with SIGKILL under multipart uploads, and a SIGTERM while
 * a statement waits on a lock. One PostgreSQL (fsync off: no fault here crashes the machine) and one
 * service at a time, in order, each step bounded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultsTest {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable, try again later.\"}";
    /** A real 4x3 JPEG (made with Pillow, as the service's tests' samples): the service decodes the header as Pillow does. */
    private static final byte[] JPEG = Samples.labelJpeg();

    private static Path jar;
    private static Path work;
    private static int databasePort;
    private static DatabaseServer database;
    private static ServiceProcess service;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void paths() throws IOException {
        jar = Path.of(System.getProperty("scanledger.service.jar", "../service/target/scanledger.jar"));
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "faults");
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** Drivers and labels of a step's own, on a connection of its own (a stopped database ends the earlier ones). */
    private static LoadWorld world() throws Exception {
        return LoadWorld.create(DriverManager.getConnection(jdbcUrl()), 4);
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres".formatted(databasePort);
    }

    @Test
    @Order(1)
    void aServiceStartedBeforeItsDatabaseWaitsAndRetriesInsteadOfExiting() throws Exception {
        service = ServiceProcess.start(jar, jdbcUrl(), work, "service", JVM_OPTIONS);
        awaitLog(service, "not reachable (attempt 2", Duration.ofSeconds(60));
        assertTrue(service.isAlive(), "the service exited instead of waiting");

        database = DatabaseServer.start(work.resolve("postgres"), false, databasePort);
        service.awaitHealthy();

        assertTrue(Files.readString(service.log()).contains("reachable after"), service.tail());
    }

    @Test
    @Order(2)
    void theDatabaseStoppedUnderLoadAnswers503WithRetryAfterAndEveryAcknowledgedScanSurvives() throws Exception {
        LoadWorld world = world();
        Load load = Load.start(service.baseUrl(), world, 8, false);
        try {
            Thread.sleep(1500);
            long stopped = System.nanoTime();
            database.stop();
            awaitProbe("readiness", 503, Duration.ofSeconds(10));
            long downAfterMillis = (System.nanoTime() - stopped) / 1_000_000;
            assertTrue(downAfterMillis < 2000, "readiness DOWN only after " + downAfterMillis + " ms");
            assertEquals(200, probe("liveness"), "liveness must not follow the database");
            Thread.sleep(3000);
            int answeredDuringOutage = load.answers.size();
            database.restart();
            awaitProbe("readiness", 200, Duration.ofSeconds(20));
            int createdBefore = load.created();
            long back = System.nanoTime();
            while (load.created() == createdBefore && System.nanoTime() - back < Duration.ofSeconds(20).toNanos()) {
                Thread.sleep(50);
            }
            assertTrue(load.created() > createdBefore, "no scan created within 20 s of the database coming back");
            System.out.printf("first create %d ms after readiness was UP again%n", (System.nanoTime() - back) / 1_000_000);
            Thread.sleep(500);
            System.out.printf("readiness DOWN %d ms after the stop; %d answers up to the restart%n", downAfterMillis, answeredDuringOutage);
        } finally {
            load.stop();
        }
        Map<Integer, Long> statuses = load.answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        System.out.println("answers by status: " + statuses);
        assertEquals(Set.of(201, 503), statuses.keySet(), "only created or unavailable: " + load.problems());
        for (Answer answer : load.answers) {
            if (answer.status() == 503) {
                assertEquals("2", answer.retryAfter(), "Retry-After of " + answer);
                assertEquals(JSON.readTree(UNAVAILABLE), JSON.readTree(answer.body()), "body of " + answer);
                assertTrue(answer.millis() < 6000, "a 503 took " + answer.millis() + " ms");
            }
        }
        assertTrue(statuses.getOrDefault(503, 0L) > 0, "the outage was not seen");
        assertAllAcknowledgedStored(load);
    }

    @Test
    @Order(3)
    void aServiceKilledUnderMultipartUploadsLosesNoAcknowledgedScanAndLeavesNoOrphanAfterTheSweep() throws Exception {
        LoadWorld world = world();
        Load load = Load.start(service.baseUrl(), world, 6, true);
        try {
            Thread.sleep(2500);
            service.kill();
        } finally {
            load.stop();
        }
        assertTrue(load.created() > 10, "too few uploads before the kill: " + load.created());
        Path media = service.mediaDirectory();
        // Restarted on the same database and media directory, sweeping at once; and, for the next step, with a
        // lock timeout long enough for a request to still be waiting when the service is stopped.
        service = ServiceProcess.start(jar, jdbcUrl(), work, "service", JVM_OPTIONS, Map.of(
                "SCANLEDGER_IMAGES_SWEEP_GRACE", "1s", "SCANLEDGER_IMAGES_SWEEP_INITIAL_DELAY", "2s",
                "SCANLEDGER_DB_CREATE_LOCK_TIMEOUT", "60s", "SCANLEDGER_DB_CREATE_STATEMENT_TIMEOUT", "90s",
                "SCANLEDGER_SHUTDOWN_GRACE", "1s"));
        service.awaitHealthy();

        assertAllAcknowledgedStored(load);
        try (Connection db = DriverManager.getConnection(jdbcUrl())) {
            List<String> images = strings(db, "SELECT label_image FROM scans WHERE label_image IS NOT NULL AND label_id = ANY(?)",
                    load.labels());
            for (String image : images) {
                assertTrue(Files.isRegularFile(media.resolve(image)), "scan without its image " + image);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Set<String> orphans;
            do {
                Thread.sleep(500);
                orphans = filesUnder(media);
                orphans.removeAll(strings(db, "SELECT label_image FROM scans WHERE label_image = ANY(?)", orphans.toArray(String[]::new)));
            } while (!orphans.isEmpty() && System.nanoTime() < deadline);
            assertEquals(Set.of(), orphans, "files no scan refers to after the sweep");
        }
    }

    @Test
    @Order(4)
    void aStatementStillWaitingAtShutdownIsCancelledAndNeverCommitsAfterItsClientWasCutOff() throws Exception {
        LoadWorld world = world();
        long label = world.freshLabels(1)[0];
        try (Connection holder = DriverManager.getConnection(jdbcUrl())) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM labels WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, label);
                lock.executeQuery().close();
            }
            ExecutorService client = Executors.newSingleThreadExecutor();
            URI base = service.baseUrl();
            LoadWorld.Driver driver = world.drivers().get(0);
            CompletableFuture<Answer> blocked = CompletableFuture.supplyAsync(() -> rawCreate(base, driver, label), client);
            client.shutdown();
            // Polled on a connection of its own: inside the holder's transaction pg_stat_activity is a snapshot.
            try (Connection observer = DriverManager.getConnection(jdbcUrl())) {
                awaitWaitingInsert(observer, blocked);
            }

            service.terminate();
            holder.rollback();

            Answer answer = blocked.get(30, TimeUnit.SECONDS);
            assertTrue(answer.status() == 503 || answer.status() == -1, "a cut-off create answered " + answer);
            if (answer.status() == 503) {
                assertEquals("2", answer.retryAfter());
            }
            Thread.sleep(500);
            assertEquals(0, count(holder, "SELECT count(*) FROM scans WHERE label_id = " + label), "committed after shutdown");
        }
        service = null;
    }

    private static void awaitWaitingInsert(Connection db, CompletableFuture<Answer> request) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (request.isDone()) {
                throw new AssertionError("the create did not wait on the lock: " + request.get());
            }
            if (count(db, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO scans%'") > 0) {
                return;
            }
            Thread.sleep(50);
        }
        StringBuilder activity = new StringBuilder();
        try (PreparedStatement query = db.prepareStatement("SELECT application_name, state, wait_event_type, left(query, 80) FROM pg_stat_activity");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                activity.append('\n').append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" | ")
                        .append(rs.getString(3)).append(" | ").append(rs.getString(4));
            }
        }
        throw new AssertionError("no insert came to wait on the locked label; pg_stat_activity:" + activity);
    }

    private static void assertAllAcknowledgedStored(Load load) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl())) {
            for (Answer answer : load.answers) {
                if (answer.status() == 201) {
                    JsonNode scan = JSON.readTree(answer.body());
                    try (PreparedStatement find = db.prepareStatement("SELECT label_id, phase FROM scans WHERE id = ?")) {
                        find.setLong(1, scan.get("id").asLong());
                        try (ResultSet rs = find.executeQuery()) {
                            assertTrue(rs.next(), "acknowledged scan " + scan.get("id") + " is missing");
                            assertEquals(scan.get("label").asLong(), rs.getLong(1));
                            assertEquals(scan.get("phase").asInt(), rs.getInt(2));
                        }
                    }
                }
            }
        }
    }

    private static Set<String> filesUnder(Path media) throws IOException {
        Path scans = media.resolve("scans");
        if (!Files.isDirectory(scans)) {
            return new HashSet<>();
        }
        try (Stream<Path> files = Files.walk(scans)) {
            return files.filter(Files::isRegularFile).map(f -> media.relativize(f).toString()).collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static List<String> strings(Connection db, String sql, Object array) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf(array instanceof String[] ? "text" : "bigint",
                    array instanceof long[] longs ? java.util.Arrays.stream(longs).boxed().toArray() : (Object[]) array));
            List<String> values = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int probe(String which) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.baseUrl().resolve("/actuator/health/" + which))
                .timeout(Duration.ofSeconds(3)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Duration awaitProbe(String which, int status, Duration limit) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (probe(which) == status) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(which + " did not answer " + status + " within " + limit);
    }

    private static void awaitLog(ServiceProcess process, String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(process.log()) && Files.readString(process.log()).contains(text)) {
                return;
            }
            assertTrue(process.isAlive(), "the service exited: " + process.tail());
            Thread.sleep(200);
        }
        throw new AssertionError("no \"" + text + "\" in the log within " + limit + ":\n" + process.tail());
    }

    /** One create over a plain socket, read until the server answers or closes. */
    private static Answer rawCreate(URI base, LoadWorld.Driver driver, long label) {
        String body = "{\"label\": %d, \"phase\": 1}".formatted(label);
        String request = "POST /api/scans/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + driver.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (answer.isEmpty()) {
                return new Answer(-1, null, "connection closed without an answer", 0, label);
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            String retryAfter = answer.lines().filter(l -> l.toLowerCase().startsWith("retry-after:")).map(l -> l.substring(12).trim())
                    .findFirst().orElse(null);
            return new Answer(status, retryAfter, answer.substring(answer.indexOf("\r\n\r\n") + 4), 0, label);
        } catch (IOException e) {
            return new Answer(-1, null, e.toString(), 0, label);
        }
    }

    record Answer(int status, String retryAfter, String body, long millis, long label) {
    }

    /** One create, JSON or multipart with an image; status -1 when the connection failed. */
    private static Answer send(URI base, LoadWorld.Driver driver, long label, int phase, boolean multipart) {
        return send(http, base, driver, label, phase, multipart);
    }

    private static Answer send(HttpClient http, URI base, LoadWorld.Driver driver, long label, int phase, boolean multipart) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/scans/"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Token " + driver.token());
            if (multipart) {
                String boundary = "----faults" + System.nanoTime();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n" + label + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"phase\"\r\n\r\n" + phase + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"label_image\"; filename=\"l.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.writeBytes(JPEG);
                body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            } else {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"label\": %d, \"phase\": %d}".formatted(label, phase)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body(),
                    (System.nanoTime() - start) / 1_000_000, label);
        } catch (IOException e) {
            return new Answer(-1, null, e.toString(), (System.nanoTime() - start) / 1_000_000, label);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, e.toString(), 0, label);
        }
    }

    /** Clients creating scans of fresh labels back to back until stopped; every answer kept. */
    private static final class Load {
        final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Long> labels = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger created = new AtomicInteger();
        private final ExecutorService clients;

        private Load(int clients) {
            this.clients = Executors.newFixedThreadPool(clients);
        }

        static Load start(URI base, LoadWorld world, int clients, boolean multipart) throws Exception {
            Load load = new Load(clients);
            long[] fresh = world.freshLabels(4000);
            AtomicInteger next = new AtomicInteger();
            for (int c = 0; c < clients; c++) {
                LoadWorld.Driver driver = world.drivers().get(c % world.drivers().size());
                load.clients.submit(() -> {
                    while (load.running.get()) {
                        int n = next.getAndIncrement();
                        long label = fresh[n % fresh.length];
                        load.labels.add(label);
                        Answer answer = send(base, driver, label, 1 + n / fresh.length, multipart);
                        load.answers.add(answer);
                        if (answer.status() == 201) {
                            load.created.incrementAndGet();
                        }
                        if (answer.status() != 201) {
                            sleepQuietly(50);
                        }
                    }
                });
            }
            return load;
        }

        int created() {
            return created.get();
        }

        long[] labels() {
            return labels.stream().mapToLong(Long::longValue).distinct().toArray();
        }

        List<Answer> problems() {
            return answers.stream().filter(a -> a.status() != 201 && a.status() != 503).limit(5).toList();
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(40, TimeUnit.SECONDS), "clients did not stop");
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
