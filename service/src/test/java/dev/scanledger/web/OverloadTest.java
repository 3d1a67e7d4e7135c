package dev.scanledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.HeldLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Beyond capacity (40 requests running and 16 waiting, in the shipped configuration) requests are shed
 * at once with 503 and Retry-After: 1, instead of queueing behind the ones held up.
 */
@ApiTest
class OverloadTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    HeldLocks locks;

    @Test
    void requestsBeyondTheActiveAndQueuedLimitsAreShedWith503AndRetryAfter() throws Exception {
        Fixtures.Account driver = fixtures.driver();
        List<Long> labels = fixtures.labels(3);
        ExecutorService clients = Executors.newFixedThreadPool(80);
        List<HeldLocks.Held> held = new ArrayList<>();
        try {
            for (long label : labels) {
                held.add(locks.lockLabel(label));
            }
            // 56 creates held up by three locked labels (4 per label in the database, the rest waiting for their label's
            // lane) fill the active and queued places.
            List<Future<Api.Response>> stuck = new ArrayList<>();
            for (int i = 0; i < 56; i++) {
                long label = labels.get(i % labels.size());
                int phase = i / labels.size() % 4;
                Api device = api.newConnection();
                stuck.add(clients.submit(() -> device.post("/api/scans/").token(driver.token())
                        .json("{\"label\": %d, \"phase\": %d}".formatted(label, phase)).send()));
            }
            Thread.sleep(400);
            List<Future<Api.Response>> extra = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Api device = api.newConnection();
                extra.add(clients.submit(() -> device.get("/api/scans/").token(driver.token()).send()));
            }
            List<Api.Response> extraAnswers = new ArrayList<>();
            for (Future<Api.Response> answer : extra) {
                extraAnswers.add(answer.get(30, TimeUnit.SECONDS));
            }
            for (Future<Api.Response> answer : stuck) {
                assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(503);
            }

            assertThat(extraAnswers).allSatisfy(r -> assertThat(r.status()).isIn(200, 503));
            assertThat(extraAnswers).filteredOn(r -> r.status() == 503).isNotEmpty().allSatisfy(r -> {
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.json().get("detail").asString()).isEqualTo(ServiceUnavailable.DETAIL);
            });
        } finally {
            for (HeldLocks.Held lock : held) {
                lock.close();
            }
            clients.shutdownNow();
        }
    }
}
