package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Offline scanners coming back online together: {@link #DEVICES} threads, each one handheld with its own
 * keep-alive connection, released together by a barrier, sending overlapping batches in different orders.
 * Each (label, phase) must be stored once and won by exactly one item; every other item for it is a
 * duplicate naming the winner.
 */
@ApiTest
class ScanBatchRaceTest {

    static final int DEVICES = 8;
    static final int LABELS = 40;
    static final int PHASES = 3;
    static final String DUPLICATE = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    record Pair(long label, int phase) {
    }

    /** What one device saw for one pair: a batch result, or a single create's answer. */
    record Outcome(Pair pair, boolean won, long id) {
    }

    @RepeatedTest(4)
    void overlappingBatchesInDifferentOrdersStoreEveryPairOnceWithOneWinner(RepetitionInfo round)
            throws Exception {
        List<Long> labels = fixtures.labels(LABELS);
        List<Pair> pairs = pairsOf(labels);
        List<Account> drivers = List.of(fixtures.driver(), fixtures.driver(), fixtures.driver());
        Random random = new Random(round.getCurrentRepetition());

        List<Callable<List<Outcome>>> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            List<Pair> order = shuffled(pairs, random);
            Account driver = drivers.get(d % drivers.size());
            Api device = api.newConnection();
            devices.add(() -> sendBatch(device, driver, order));
        }

        assertOneWinnerPerPair(pairs, released(devices), DEVICES);
    }

    @RepeatedTest(3)
    void batchesRacingSingleCreatesOfTheSamePairsStillStoreEveryPairOnce(RepetitionInfo round) throws Exception {
        raceBatchesAgainst(this::sendSingles, 100 + round.getCurrentRepetition());
    }

    @RepeatedTest(2)
    void batchesRacingPutUpsertsOfTheSamePairsStillStoreEveryPairOnce(RepetitionInfo round) throws Exception {
        raceBatchesAgainst(this::sendPuts, 300 + round.getCurrentRepetition());
    }

    @FunctionalInterface
    private interface Sender {
        List<Outcome> send(Api device, Account driver, List<Pair> order);
    }

    /** Half the devices send batches, the other half send the same pairs through {@code other}. */
    private void raceBatchesAgainst(Sender other, long seed) throws Exception {
        List<Long> labels = fixtures.labels(LABELS / 2);
        List<Pair> pairs = pairsOf(labels);
        List<Account> drivers = List.of(fixtures.driver(), fixtures.driver());
        Random random = new Random(seed);

        List<Callable<List<Outcome>>> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            List<Pair> order = shuffled(pairs, random);
            Account driver = drivers.get(d % drivers.size());
            Api device = api.newConnection();
            devices.add(d % 2 == 0 ? () -> sendBatch(device, driver, order) : () -> other.send(device, driver, order));
        }

        assertOneWinnerPerPair(pairs, released(devices), DEVICES);
    }

    @RepeatedTest(3)
    void batchesOfDifferentPhasesArrivingTogetherLeaveEveryLabelAtPhaseThreeAtItsStore(RepetitionInfo round) throws Exception {
        List<Long> labels = fixtures.labels(LABELS);
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);
        long store = fixtures.site(SiteKind.STORE);
        List<Account> drivers = List.of(fixtures.driver(), fixtures.driver());
        Random random = new Random(200 + round.getCurrentRepetition());

        List<Callable<List<Outcome>>> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            int phase = d % 4;
            List<Long> order = new ArrayList<>(labels);
            Collections.shuffle(order, random);
            StringJoiner items = new StringJoiner(",", "[", "]");
            order.forEach(label -> items.add("{\"label\": %d, \"phase\": %d, \"distribution\": %d, \"store\": %d}"
                    .formatted(label, phase, distribution, store)));
            Account driver = drivers.get(d % drivers.size());
            Api device = api.newConnection();
            devices.add(() -> {
                Api.Response response = device.post("/api/scans/batch/").token(driver.token()).json(items.toString()).send();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                return List.of();
            });
        }
        released(devices);

        assertThat(fixtures.scansOf(labels)).isEqualTo(4L * LABELS);
        List<Map<String, Object>> furthest = jdbc.sql("SELECT furthest_phase, furthest_site_id FROM labels WHERE id = ANY(:ids)")
                .param("ids", labels.toArray(Long[]::new)).query().listOfRows();
        assertThat(furthest).hasSize(LABELS).allSatisfy(row -> {
            assertThat(((Number) row.get("furthest_phase")).intValue()).isEqualTo(3);
            assertThat(((Number) row.get("furthest_site_id")).longValue()).isEqualTo(store);
        });
    }

    private void assertOneWinnerPerPair(List<Pair> pairs, List<List<Outcome>> answers, int devices) {
        Map<Pair, List<Outcome>> byPair = new HashMap<>();
        answers.forEach(device -> device.forEach(o -> byPair.computeIfAbsent(o.pair(), p -> new ArrayList<>()).add(o)));
        assertThat(byPair.keySet()).containsExactlyInAnyOrderElementsOf(pairs);
        for (Pair pair : pairs) {
            List<Outcome> outcomes = byPair.get(pair);
            assertThat(outcomes).hasSize(devices);
            assertThat(outcomes).as("winners of %s", pair).filteredOn(Outcome::won).hasSize(1);
            long stored = jdbc.sql("SELECT id FROM scans WHERE label_id = :label AND phase = :phase")
                    .param("label", pair.label()).param("phase", pair.phase()).query(Long.class).single();
            assertThat(outcomes).as("ids for %s", pair).allSatisfy(o -> assertThat(o.id()).isEqualTo(stored));
        }
        List<Long> labels = pairs.stream().map(Pair::label).distinct().toList();
        assertThat(fixtures.scansOf(labels)).isEqualTo(pairs.size());
    }

    /** Runs every device's work at once (all released by one barrier); returns each device's outcomes. */
    private static List<List<Outcome>> released(List<Callable<List<Outcome>>> work) throws Exception {
        CyclicBarrier together = new CyclicBarrier(work.size());
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (Callable<List<Outcome>> device : work) {
                futures.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return device.call();
                }));
            }
            List<List<Outcome>> answers = new ArrayList<>();
            for (Future<List<Outcome>> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Outcome> sendBatch(Api device, Account driver, List<Pair> order) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        order.forEach(p -> items.add(ScanBatchTest.item(p.label(), p.phase())));
        Api.Response response = device.post("/api/scans/batch/").token(driver.token()).json(items.toString()).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode results = response.json();
        assertThat(results.size()).isEqualTo(order.size());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Pair pair = order.get(i);
            JsonNode result = results.get(i);
            String status = result.get("status").asString();
            if (status.equals("created")) {
                assertThat(result.get("scan").get("label").asLong()).isEqualTo(pair.label());
                assertThat(result.get("scan").get("phase").asInt()).isEqualTo(pair.phase());
                outcomes.add(new Outcome(pair, true, result.get("scan").get("id").asLong()));
            } else {
                assertThat(status).as(result.toString()).isEqualTo("duplicate");
                assertThat(result.get("errors").toString()).isEqualTo(DUPLICATE);
                if (result.has("id")) {
                    outcomes.add(new Outcome(pair, false, result.get("id").asLong()));
                } else {
                    // Another driver's scan holds the pair: the batch names no id, as a duplicate POST names none.
                    Map<String, Object> holder = jdbc.sql("SELECT id, user_id FROM scans WHERE label_id = :label AND phase = :phase")
                            .param("label", pair.label()).param("phase", pair.phase()).query().singleRow();
                    assertThat(((Number) holder.get("user_id")).longValue()).as("holder of %s", pair).isNotEqualTo(driver.id());
                    outcomes.add(new Outcome(pair, false, ((Number) holder.get("id")).longValue()));
                }
            }
        }
        return outcomes;
    }

    /** One POST /api/scans/ per pair; a duplicate's answer has no id, so it is taken from the winner. */
    private List<Outcome> sendSingles(Api device, Account driver, List<Pair> order) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Pair pair : order) {
            Api.Response response = device.post("/api/scans/").token(driver.token())
                    .json(ScanBatchTest.item(pair.label(), pair.phase())).send();
            if (response.status() == 201) {
                outcomes.add(new Outcome(pair, true, response.json().get("id").asLong()));
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.text()).isEqualTo(DUPLICATE);
                long stored = jdbc.sql("SELECT id FROM scans WHERE label_id = :label AND phase = :phase")
                        .param("label", pair.label()).param("phase", pair.phase()).query(Long.class).single();
                outcomes.add(new Outcome(pair, false, stored));
            }
        }
        return outcomes;
    }

    /** One PUT /api/labels/{label}/scans/{phase}/ per pair: 201 created, 200 the caller's own scan, 400 another's. */
    private List<Outcome> sendPuts(Api device, Account driver, List<Pair> order) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Pair pair : order) {
            Api.Response response = device.put("/api/labels/%d/scans/%d/".formatted(pair.label(), pair.phase()))
                    .token(driver.token()).json("{\"label_coordinate\": {\"x\": 1}}").send();
            if (response.status() == 201 || response.status() == 200) {
                assertThat(response.json().get("user").get("id").asLong()).isEqualTo(driver.id());
                outcomes.add(new Outcome(pair, response.status() == 201, response.json().get("id").asLong()));
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.text()).isEqualTo(DUPLICATE);
                long stored = jdbc.sql("SELECT id FROM scans WHERE label_id = :label AND phase = :phase")
                        .param("label", pair.label()).param("phase", pair.phase()).query(Long.class).single();
                outcomes.add(new Outcome(pair, false, stored));
            }
        }
        return outcomes;
    }

    private static List<Pair> pairsOf(List<Long> labels) {
        List<Pair> pairs = new ArrayList<>();
        for (long label : labels) {
            for (int phase = 1; phase <= PHASES; phase++) {
                pairs.add(new Pair(label, phase));
            }
        }
        return pairs;
    }

    private static List<Pair> shuffled(List<Pair> pairs, Random random) {
        List<Pair> order = new ArrayList<>(pairs);
        Collections.shuffle(order, random);
        return order;
    }
}
