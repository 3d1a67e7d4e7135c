package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The burst that broke the old system: the same (label, phase) sent many times at once. Each of
 * {@link #DEVICES} threads is one handheld with its own keep-alive connection; for every pair all
 * threads are released together by a barrier. Exactly one request per pair may win.
 */
@ApiTest
class DuplicateScanRaceTest {

    static final int PAIRS = 50;
    static final int DEVICES = 16;
    static final String DUPLICATE = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    @RepeatedTest(5)
    void everyPairGetsExactlyOneCreatedAndTheSameDuplicateAnswerForAllOthers() throws Exception {
        List<Long> labels = fixtures.labels(PAIRS);
        List<Account> drivers = List.of(fixtures.driver(), fixtures.driver());

        List<List<Api.Response>> answers = burst(labels, drivers);

        for (int pair = 0; pair < PAIRS; pair++) {
            long label = labels.get(pair);
            List<Api.Response> forPair = new ArrayList<>();
            for (List<Api.Response> device : answers) {
                forPair.add(device.get(pair));
            }
            assertThat(forPair).filteredOn(r -> r.status() == 201).hasSize(1)
                    .allSatisfy(r -> assertThat(r.json().get("label").asLong()).isEqualTo(label));
            assertThat(forPair).filteredOn(r -> r.status() != 201).hasSize(DEVICES - 1)
                    .allSatisfy(r -> {
                        assertThat(r.status()).isEqualTo(400);
                        assertThat(r.text()).isEqualTo(DUPLICATE);
                    });
        }
        assertThat(fixtures.scansOf(labels)).isEqualTo(PAIRS);
    }

    @Test
    void aDuplicateSentAfterTheBurstGetsTheSameAnswer() throws Exception {
        List<Long> labels = fixtures.labels(1);
        Account driver = fixtures.driver();
        burst(labels, List.of(driver, fixtures.driver()));

        Api.Response late = api.post("/api/scans/").token(driver.token())
                .json("{\"label\": %d, \"phase\": %d}".formatted(labels.get(0), phaseOf(0))).send();

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.text()).isEqualTo(DUPLICATE);
    }

    /** Returns, per device, its answers in pair order. */
    private List<List<Api.Response>> burst(List<Long> labels, List<Account> drivers) throws Exception {
        CyclicBarrier together = new CyclicBarrier(DEVICES);
        ExecutorService devices = Executors.newFixedThreadPool(DEVICES);
        try {
            List<Future<List<Api.Response>>> futures = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                Account driver = drivers.get(d % drivers.size());
                boolean multipart = (d / drivers.size()) % 2 == 1;
                Api device = api.newConnection();
                futures.add(devices.submit(() -> {
                    List<Api.Response> answers = new ArrayList<>();
                    for (int pair = 0; pair < labels.size(); pair++) {
                        Api.Call call = scan(device, driver, labels.get(pair), phaseOf(pair), multipart);
                        together.await(30, TimeUnit.SECONDS);
                        answers.add(call.send());
                    }
                    return answers;
                }));
            }
            List<List<Api.Response>> answers = new ArrayList<>();
            for (Future<List<Api.Response>> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            devices.shutdownNow();
        }
    }

    private static int phaseOf(int pair) {
        return 1 + pair % 3;
    }

    private static Api.Call scan(Api device, Account driver, long label, int phase, boolean multipart) {
        Api.Call call = device.post("/api/scans/").token(driver.token());
        if (multipart) {
            return call.multipart(Map.of("label", String.valueOf(label), "phase", String.valueOf(phase), "label_image", Images.jpeg()));
        }
        return call.json("{\"label\": %d, \"phase\": %d, \"label_coordinate\": {\"x\": 0.5, \"y\": 0.25}}".formatted(label, phase));
    }
}
