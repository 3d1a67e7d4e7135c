package dev.scanledger.db;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.HeldLocks;
import dev.scanledger.support.Images;
import dev.scanledger.support.Races;
import dev.scanledger.support.Snapshots;
import dev.scanledger.web.ServiceUnavailable;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A row held locked by a long transaction elsewhere (an operator's psql session, say): requests that
 * need it answer 503 with Retry-After once their lock_timeout passes, write nothing, and do not take
 * the connections every other label needs.
 */
@ApiTest
class LockedRowsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    HeldLocks locks;
    @Autowired
    Snapshots snapshots;

    @Test
    void aCreateWaitingOnALockedLabelAnswers503WithRetryAfterAndWritesNothing() throws Exception {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        Snapshots.Snapshot before;
        Api.Response answer;
        try (HeldLocks.Held held = locks.lockLabel(label)) {
            before = snapshots.take();
            answer = api.post("/api/scans/").token(driver.token())
                    .multipart(Map.of("label", String.valueOf(label), "phase", "1", "label_image", Images.jpeg())).send();
        }

        assertThatResponse(answer).hasStatus(503).hasDetail(ServiceUnavailable.DETAIL).hasHeader("Retry-After", "2");
        assertThat(snapshots.take()).isEqualTo(before);
        assertThat(fixtures.scansOf(label)).isZero();
    }

    @Test
    void aListWaitingOnATableHeldByDdlAnswers503WithRetryAfter() throws Exception {
        Account driver = fixtures.driver();
        fixtures.scans(driver, fixtures.labels(3), 1);
        Api.Response answer;
        try (HeldLocks.Held held = locks.lockTable("scans")) {
            answer = api.get("/api/scans/").token(driver.token()).send();
        }

        assertThatResponse(answer).hasStatus(503).hasDetail(ServiceUnavailable.DETAIL).hasHeader("Retry-After", "2");
        assertThatResponse(api.get("/api/scans/").token(driver.token()).send()).hasStatus(200);
    }

    @Test
    void aConsolePageWaitingOnATableHeldByDdlSaysTheDatabaseDidNotAnswer() throws Exception {
        ConsoleSession manager = ConsoleSession.signedIn(api, fixtures, Role.MANAGER);
        HttpResponse<String> page;
        try (HeldLocks.Held held = locks.lockTable("scans")) {
            page = manager.get("/console/scans");
        }

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).contains("2");
        assertThat(page.body()).contains("The database did not answer in time.");
        assertThat(manager.get("/console/scans").statusCode()).isEqualTo(200);
    }

    @Test
    void aFloodOnALockedLabelLeavesCreatesOfOtherLabelsUnharmed() throws Exception {
        Account driver = fixtures.driver();
        long locked = fixtures.label();
        // More requests on the locked label than the pool has connections, within the concurrency limit.
        List<Long> others = fixtures.labels(20);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api device = api.newConnection();
            int phase = 1 + i % 3;
            calls.add(() -> device.post("/api/scans/").token(driver.token())
                    .json("{\"label\": %d, \"phase\": %d}".formatted(locked, phase)).send());
            long other = others.get(i);
            Api otherDevice = api.newConnection();
            calls.add(() -> otherDevice.post("/api/scans/").token(driver.token())
                    .json("{\"label\": %d, \"phase\": 1}".formatted(other)).send());
        }

        List<Api.Response> answers;
        try (HeldLocks.Held held = locks.lockLabel(locked)) {
            answers = Races.together(calls);
        }

        for (int i = 0; i < answers.size(); i += 2) {
            assertThatResponse(answers.get(i)).hasStatus(503).hasHeader("Retry-After", "2");
            assertThatResponse(answers.get(i + 1)).hasStatus(201);
        }
        assertThat(fixtures.scansOf(locked)).isZero();
        assertThat(fixtures.scansOf(others)).isEqualTo(20);
    }
}
