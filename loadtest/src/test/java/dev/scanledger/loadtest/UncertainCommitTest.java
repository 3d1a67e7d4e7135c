package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection breaks while the scan with an image commits, for real (a proxy between the service jar
 * and PostgreSQL cuts it). A create without an Idempotency-Key commits its insert in autocommit, so the
 * insert's exchange is the commit. The client is told 503 either way; the image file must agree with the
 * table: kept when the row was committed, removed when it was not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UncertainCommitTest {

    /** A real 4x3 JPEG (made with Pillow, as the service's tests' samples): the service decodes the header as Pillow does. */
    private static final byte[] JPEG = Samples.labelJpeg();

    /** The text of the create's insert, which commits by itself (autocommit). */
    private static final String COMMITTING_INSERT = "INSERT INTO scans";

    /** A create with an Idempotency-Key stores its answer in the same transaction, which ends with this. */
    private static final String COMMIT = "COMMIT\0";

    private static DatabaseServer database;
    private static CommitCuttingProxy proxy;
    private static ServiceProcess service;
    private static LoadWorld world;

    @BeforeAll
    static void startDatabaseProxyAndService() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "uncertain-commit");
        database = DatabaseServer.start(work.resolve("postgres"), false);
        proxy = new CommitCuttingProxy(database.port());
        service = ServiceProcess.start(Path.of(System.getProperty("scanledger.service.jar", "../service/target/scanledger.jar")),
                "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres&prepareThreshold=0".formatted(proxy.port()), work, "service",
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                Map.of("SPRING_FLYWAY_URL", database.jdbcUrl(), "SPRING_FLYWAY_USER", "postgres"));
        service.awaitHealthy();
        world = LoadWorld.create(DriverManager.getConnection(database.jdbcUrl()), 1);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aCommitThatHappenedButWasNeverAcknowledgedKeepsTheImageItsRowPointsAt() throws Exception {
        long label = world.freshLabels(1)[0];
        proxy.arm(CommitCuttingProxy.Cut.AFTER_COMMIT, COMMITTING_INSERT);

        HttpResponse<String> answer = uploadScanOf(label);

        assertEquals(503, answer.statusCode(), answer.body());
        Optional<String> image = storedImageOf(label);
        assertTrue(image.isPresent(), "the commit went through, so the row must be there");
        assertTrue(Files.isRegularFile(service.mediaDirectory().resolve(image.get())), "the committed scan lost its image");
    }

    @Test
    void aCommitThatNeverReachedTheServerLeavesNeitherRowNorFile() throws Exception {
        long label = world.freshLabels(1)[0];
        long filesBefore = mediaFiles();
        proxy.arm(CommitCuttingProxy.Cut.BEFORE_COMMIT, COMMITTING_INSERT);

        HttpResponse<String> answer = uploadScanOf(label);

        assertEquals(503, answer.statusCode(), answer.body());
        assertFalse(storedImageOf(label).isPresent());
        assertEquals(filesBefore, mediaFiles(), "the file of a scan that was never committed stayed");
    }

    @Test
    void anIdempotentCreateWhoseCommitWasNeverAcknowledgedIsReplayedOnRetry() throws Exception {
        long label = world.freshLabels(1)[0];
        String key = "uncertain-" + label;
        proxy.arm(CommitCuttingProxy.Cut.AFTER_COMMIT, COMMIT);

        HttpResponse<String> answer = uploadScanOf(label, Optional.of(key));
        HttpResponse<String> retry = uploadScanOf(label, Optional.of(key));

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals(201, retry.statusCode(), retry.body());
        Optional<String> image = storedImageOf(label);
        assertTrue(image.isPresent(), "the commit went through, so the row must be there");
        assertTrue(retry.body().contains(image.get()), "the replay names the stored image: " + retry.body());
        assertTrue(Files.isRegularFile(service.mediaDirectory().resolve(image.get())), "the committed scan lost its image");
    }

    @Test
    void anIdempotentCreateWhoseCommitNeverReachedTheServerIsCreatedOnRetry() throws Exception {
        long label = world.freshLabels(1)[0];
        String key = "lost-" + label;
        long filesBefore = mediaFiles();
        proxy.arm(CommitCuttingProxy.Cut.BEFORE_COMMIT, COMMIT);

        HttpResponse<String> answer = uploadScanOf(label, Optional.of(key));
        long filesAfterFailure = mediaFiles();
        HttpResponse<String> retry = uploadScanOf(label, Optional.of(key));

        assertEquals(503, answer.statusCode(), answer.body());
        assertEquals(filesBefore, filesAfterFailure, "the file of a scan that was never committed stayed");
        assertEquals(201, retry.statusCode(), retry.body());
        assertTrue(storedImageOf(label).isPresent());
        assertEquals(filesBefore + 1, mediaFiles());
    }

    private static HttpResponse<String> uploadScanOf(long label) throws Exception {
        return uploadScanOf(label, Optional.empty());
    }

    private static HttpResponse<String> uploadScanOf(long label, Optional<String> idempotencyKey) throws Exception {
        String boundary = "----uncertain" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n" + label + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"phase\"\r\n\r\n1\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"label_image\"; filename=\"l.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(JPEG);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(service.baseUrl().resolve("/api/scans/"))
                .header("Authorization", "Token " + world.drivers().get(0).token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> storedImageOf(long label) throws Exception {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl());
             PreparedStatement query = db.prepareStatement("SELECT label_image FROM scans WHERE label_id = ?")) {
            query.setLong(1, label);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static long mediaFiles() throws Exception {
        Path scans = service.mediaDirectory().resolve("scans");
        if (!Files.isDirectory(scans)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(scans)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
