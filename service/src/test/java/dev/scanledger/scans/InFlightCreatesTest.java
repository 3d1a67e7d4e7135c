package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.HeldLocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Identical creates in flight share one insert. The first create's insert is held on a locked label
 * (its foreign key check waits), so the others are sure to arrive while it runs. The create lock
 * timeout is one second: each test releases the lock well within it.
 */
@ApiTest
class InFlightCreatesTest {

    static final int IDENTICAL = 8;

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    HeldLocks locks;
    @Autowired
    InFlightCreates inFlight;
    @Autowired
    JdbcClient jdbc;

    private final ExecutorService devices = Executors.newCachedThreadPool();

    @AfterEach
    void stopDevices() {
        devices.shutdownNow();
    }

    @Test
    void identicalCreatesWaitForTheFirstOnesInsertInsteadOfRunningTheirOwn() throws Exception {
        long label = fixtures.label();

        List<Api.Response> responses = identicalCreatesWhileTheFirstIsHeld(label, 1,
                held -> assertThat(scanInsertsWaitingInTheDatabase()).isEqualTo(1));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 400).hasSize(IDENTICAL - 1)
                .allSatisfy(r -> assertThat(r.text()).isEqualTo(DuplicateScanRaceTest.DUPLICATE));
        assertThat(fixtures.scansOf(label)).isEqualTo(1);
    }

    @Test
    void everyRefusalAnsweredFromAnotherInsertIsLoggedWithTheWinningScan() throws Exception {
        long label = fixtures.label();

        List<Api.Response> responses = identicalCreatesWhileTheFirstIsHeld(label, 2, held -> { });

        long winner = responses.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().json().get("id").asLong();
        awaitTrue(() -> rejectedOf(label) == IDENTICAL - 1);
        assertThat(jdbc.sql("SELECT DISTINCT winner_scan_id FROM rejected_duplicates WHERE label_id = :label")
                .param("label", label).query(Long.class).list()).containsExactly(winner);
    }

    @Test
    void whenTheFirstInsertFailsTheOthersAreEachDecidedByTheDatabase() throws Exception {
        long label = fixtures.label();

        // The label goes while the first insert waits on it: its foreign key check then fails.
        List<Api.Response> responses = identicalCreatesWhileTheFirstIsHeld(label, 1,
                held -> held.commitAfter("DELETE FROM labels WHERE id = ?", label));

        assertThat(responses).hasSize(IDENTICAL).allSatisfy(r -> assertThatResponse(r).hasStatus(400)
                .hasFieldError("label", "Invalid pk \"%d\" - object does not exist.".formatted(label)));
    }

    @Test
    void aCreateNamingAnotherSiteIsNotAnsweredFromTheFirstOnesInsert() throws Exception {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        long store = fixtures.site(SiteKind.STORE);
        long gone = store + 1_000_000;
        List<Future<Api.Response>> answers;
        try (HeldLocks.Held held = locks.lockLabel(label)) {
            Future<Api.Response> first = send(driver, "{\"label\": %d, \"phase\": 3, \"store\": %d}".formatted(label, store));
            locks.awaitBlockedInsert();
            Future<Api.Response> other = send(driver, "{\"label\": %d, \"phase\": 3, \"store\": %d}".formatted(label, gone));
            // Refused at once, or waiting on the label as the first one does, depending on which foreign key is checked first.
            awaitTrue(() -> other.isDone() || scanInsertsWaitingInTheDatabase() == 2);
            answers = List.of(first, other);
        }

        List<Api.Response> responses = all(answers);
        assertThatResponse(responses.get(0)).hasStatus(201);
        assertThatResponse(responses.get(1)).hasStatus(400)
                .hasFieldError("store", "Invalid pk \"%d\" - object does not exist.".formatted(gone));
    }

    /** What a test does while the creates wait: the first on the locked label, the others for the first. */
    interface WhileHeld {
        void run(HeldLocks.Held held) throws Exception;
    }

    /**
     * Locks the label, sends one create of (label, phase) and waits until its insert is held, sends
     * {@link #IDENTICAL} - 1 more and waits until they wait for it, runs {@code whileHeld}, releases the
     * lock and returns every answer, the first one's first.
     */
    private List<Api.Response> identicalCreatesWhileTheFirstIsHeld(long label, int phase, WhileHeld whileHeld) throws Exception {
        Account driver = fixtures.driver();
        String body = "{\"label\": %d, \"phase\": %d}".formatted(label, phase);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (HeldLocks.Held held = locks.lockLabel(label)) {
            int waitingBefore = inFlight.waiting();
            answers.add(send(driver, body));
            locks.awaitBlockedInsert();
            for (int i = 1; i < IDENTICAL; i++) {
                answers.add(send(driver, body));
            }
            awaitTrue(() -> inFlight.waiting() == waitingBefore + IDENTICAL - 1);
            whileHeld.run(held);
        }
        return all(answers);
    }

    private Future<Api.Response> send(Account driver, String json) {
        Api device = api.newConnection();
        return devices.submit(() -> device.post("/api/scans/").token(driver.token()).json(json).send());
    }

    private static List<Api.Response> all(List<Future<Api.Response>> answers) throws Exception {
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
            responses.add(answer.get(30, TimeUnit.SECONDS));
        }
        return responses;
    }

    private int scanInsertsWaitingInTheDatabase() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO scans%'")
                .query(Integer.class).single();
    }

    private long rejectedOf(long label) {
        return jdbc.sql("SELECT count(*) FROM rejected_duplicates WHERE label_id = :label").param("label", label).query(Long.class).single();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not true within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
