package dev.scanledger.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.HeldLocks;
import dev.scanledger.support.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Idempotency-Key header on the API's POST and PUT requests. */
@ApiTest
class IdempotencyKeyTest {

    static final String DUPLICATE = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    HeldLocks locks;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdempotencyPurge purge;

    Account driver;
    long label;
    String key;

    @BeforeEach
    void aDriverALabelAndAFreshKey() {
        driver = fixtures.driver();
        label = fixtures.label();
        key = UUID.randomUUID().toString();
    }

    @Nested
    class Retries {

        @Test
        void aRetryAfterSuccessReplaysTheAnswerAndWritesNothing() {
            Api.Response first = scan(driver, key, label, 1).send();
            Api.Response retry = scan(driver, key, label, 1).send();

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.header(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.header("Content-Type")).isEqualTo(first.header("Content-Type"));
            assertThat(retry.text()).isEqualTo(first.text());
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void aRetryAfterAClientErrorReplaysTheError() {
            Api.Response first = api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key)
                    .json("{\"phase\": 1}").send();
            Api.Response retry = api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key)
                    .json("{\"phase\": 1}").send();

            assertThat(first.status()).isEqualTo(400);
            assertThat(retry.status()).isEqualTo(400);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(first.text()).isEqualTo("{\"label\":[\"This field is required.\"]}");
        }

        @Test
        void aRetriedDuplicateReplaysTheDuplicateAnswer() {
            scan(driver, null, label, 1).send();

            Api.Response first = scan(driver, key, label, 1).send();
            Api.Response retry = scan(driver, key, label, 1).send();

            assertThat(first.text()).isEqualTo(DUPLICATE);
            assertThat(retry.status()).isEqualTo(400);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(DUPLICATE);
        }

        @Test
        void aMultipartRetryWithANewBoundaryIsTheSameRequest() {
            Map<String, Object> form = Map.of("label", String.valueOf(label), "phase", "2", "label_image", Images.png());

            Api.Response first = api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key).multipart(form).send();
            Api.Response retry = api.post("/api/scans/").token(driver.token()).header("Idempotency-Key", key).multipart(form).send();

            assertThat(first.status()).isEqualTo(201);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(first.text());
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void aRetriedPutIsReplayed() {
            String path = "/api/labels/%d/scans/2/".formatted(label);
            Api.Response first = api.put(path).token(driver.token()).header("Idempotency-Key", key).json("{\"label_coordinate\": [1]}").send();
            api.put(path).token(driver.token()).json("{\"label_coordinate\": [2]}").send();

            Api.Response retry = api.put(path).token(driver.token()).header("Idempotency-Key", key).json("{\"label_coordinate\": [1]}").send();

            assertThat(first.status()).isEqualTo(201);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(first.text());
        }

        @Test
        void aRetriedBatchIsReplayedWithItsPerItemResults() {
            String batch = "[{\"label\": %d, \"phase\": 1}, {\"label\": %d, \"phase\": 1}]".formatted(label, label);
            Api.Response first = api.post("/api/scans/batch/").token(driver.token()).header("Idempotency-Key", key).json(batch).send();

            Api.Response retry = api.post("/api/scans/batch/").token(driver.token()).header("Idempotency-Key", key).json(batch).send();

            assertThat(first.json()).extracting(r -> r.get("status").asString()).containsExactly("created", "duplicate");
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(first.text());
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void requestsWithoutAKeyAreNotRecorded() {
            scan(driver, null, label, 1).send();

            assertThat(recordsOf(driver)).isZero();
        }
    }

    @Nested
    class Mismatches {

        @Test
        void theSameKeyWithAnotherBodyIsRefusedWith422() {
            scan(driver, key, label, 1).send();

            Api.Response other = scan(driver, key, label, 2).send();

            assertThat(other.status()).isEqualTo(422);
            assertThat(other.json().get("detail").asString()).isEqualTo(IdempotencyFilter.MISMATCH);
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void theSameKeyOnAnotherPathIsRefusedWith422() {
            scan(driver, key, label, 1).send();

            Api.Response other = api.post("/api/scans/?source=retry").token(driver.token()).header("Idempotency-Key", key)
                    .json(scanJson(label, 1)).send();

            assertThat(other.status()).isEqualTo(422);
        }

        @Test
        void keysAreScopedPerUser() {
            Account other = fixtures.driver();
            scan(driver, key, label, 1).send();

            Api.Response sameKeyOtherUser = scan(other, key, label, 1).send();

            assertThat(sameKeyOtherUser.header(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(sameKeyOtherUser.status()).isEqualTo(400);
            assertThat(sameKeyOtherUser.text()).isEqualTo(DUPLICATE);
        }
    }

    @Nested
    class InvalidKeys {

        @Test
        void anEmptyKeyIsRefused() {
            assertInvalid("");
        }

        @Test
        void aKeyLongerThan255CharactersIsRefused() {
            assertInvalid("k".repeat(256));
        }

        @Test
        void aKeyWithAControlCharacterIsRefused() {
            assertInvalid("key\twith-tab");
        }

        @Test
        void a255CharacterKeyIsAccepted() {
            assertThat(scan(driver, "k".repeat(255), label, 1).send().status()).isEqualTo(201);
        }

        private void assertInvalid(String badKey) {
            Api.Response refused = scan(driver, badKey, label, 1).send();

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("{\"detail\":\"" + IdempotencyKey.INVALID + "\"}");
            assertThat(fixtures.scansOf(label)).isZero();
        }
    }

    @Nested
    class InFlight {

        @Test
        void theSameKeyWhileTheFirstRequestRunsAnswers409AtOnce() throws Exception {
            CompletableFuture<Api.Response> first;
            Api.Response second;
            try (HeldLocks.Held held = locks.lockLabel(label)) {
                first = CompletableFuture.supplyAsync(() -> scan(api.newConnection(), driver, key, label, 1).send());
                locks.awaitBlockedInsert();

                second = scan(driver, key, label, 1).send();
            }

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.header("Retry-After")).isEqualTo("1");
            assertThat(second.json().get("detail").asString()).isEqualTo(IdempotencyFilter.IN_FLIGHT);
            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(scan(driver, key, label, 1).send().header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        }

        @Test
        void aKilledTransactionLeavesTheKeyUsable() throws Exception {
            CompletableFuture<Api.Response> killed;
            try (HeldLocks.Held held = locks.lockLabel(label)) {
                killed = CompletableFuture.supplyAsync(() -> scan(api.newConnection(), driver, key, label, 1).send());
                locks.terminate(locks.awaitBlockedInsert());
                assertThat(killed.get(30, TimeUnit.SECONDS).status()).isGreaterThanOrEqualTo(500);
            }

            Api.Response retry = scan(driver, key, label, 1).send();

            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.header(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @RepeatedTest(10)
        void sixteenConcurrentRequestsWithOneKeyExecuteOnce() throws Exception {
            int devices = 16;
            CyclicBarrier together = new CyclicBarrier(devices);
            ExecutorService pool = Executors.newFixedThreadPool(devices);
            List<Api.Response> answers = new ArrayList<>();
            try {
                List<Future<Api.Response>> futures = new ArrayList<>();
                for (int d = 0; d < devices; d++) {
                    Api.Call call = scan(api.newConnection(), driver, key, label, 3);
                    futures.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return call.send();
                    }));
                }
                for (Future<Api.Response> future : futures) {
                    answers.add(future.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            List<Api.Response> executed = answers.stream()
                    .filter(r -> r.status() == 201 && r.header(IdempotencyFilter.REPLAYED) == null).toList();
            assertThat(executed).hasSize(1);
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
            assertThat(answers).filteredOn(r -> r.status() == 201)
                    .allSatisfy(r -> assertThat(r.text()).isEqualTo(executed.get(0).text()));
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
            assertThat(recordsOf(driver)).isEqualTo(1);
        }
    }

    @Nested
    class Expiry {

        @Test
        void anExpiredKeyRunsAsNew() {
            scan(driver, key, label, 1).send();
            age(key, "25 hours");

            Api.Response reuse = scan(driver, key, label, 2).send();

            assertThat(reuse.status()).isEqualTo(201);
            assertThat(reuse.header(IdempotencyFilter.REPLAYED)).isNull();
            assertThat(fixtures.scansOf(label)).isEqualTo(2);
        }

        @Test
        void purgingRemovesExpiredKeysAndKeepsLiveOnes() {
            String live = UUID.randomUUID().toString();
            scan(driver, key, label, 1).send();
            scan(driver, live, label, 2).send();
            age(key, "25 hours");

            purge.purgeExpired();

            assertThat(keysOf(driver)).containsExactly(live);
        }
    }

    private Api.Call scan(Account account, String idempotencyKey, long labelId, int phase) {
        return scan(api, account, idempotencyKey, labelId, phase);
    }

    private static Api.Call scan(Api client, Account account, String idempotencyKey, long labelId, int phase) {
        Api.Call call = client.post("/api/scans/").token(account.token()).json(scanJson(labelId, phase));
        return idempotencyKey == null ? call : call.header("Idempotency-Key", idempotencyKey);
    }

    private static String scanJson(long labelId, int phase) {
        return "{\"label\": %d, \"phase\": %d}".formatted(labelId, phase);
    }

    private long recordsOf(Account account) {
        return keysOf(account).size();
    }

    private List<String> keysOf(Account account) {
        return jdbc.sql("SELECT idempotency_key FROM idempotency_keys WHERE user_id = :user")
                .param("user", account.id()).query(String.class).list();
    }

    private void age(String idempotencyKey, String interval) {
        jdbc.sql("UPDATE idempotency_keys SET created_at = now() - CAST(:age AS interval) WHERE idempotency_key = :key")
                .param("age", interval).param("key", idempotencyKey).update();
    }
}
