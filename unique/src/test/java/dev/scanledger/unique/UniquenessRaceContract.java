package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.unique.RowOutcome.Created;
import dev.scanledger.unique.RowOutcome.DuplicateInInput;
import dev.scanledger.unique.RowOutcome.DuplicateOfExisting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The race contract every way of holding a connection must meet: {@value #THREADS} threads, each on its own
 * connection, released together by a barrier onto the same key, {@value #ROUNDS} rounds per operation, against a
 * real PostgreSQL. Implementations decide how a racer's connection is set up and how an operation is finished
 * (nothing in autocommit mode; COMMIT for a caller's transaction, which must succeed even after a conflict).
 */
@ExtendWith(SharedPostgres.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniquenessRaceContract {

    static final int THREADS = 32;
    static final int ROUNDS = 20;

    private static final ConflictTarget LABEL = ConflictTarget.columns("label");

    private final List<Connection> racers = new ArrayList<>();
    private ExecutorService pool;

    /** A connection for one racing thread, set up the way this implementation's callers hold theirs. */
    protected abstract Connection openRacer() throws SQLException;

    /** Ends one operation on a racer's connection, whether it succeeded or failed. */
    protected abstract void finishOperation(Connection racer) throws SQLException;

    @BeforeAll
    void openRacers() throws SQLException {
        for (int i = 0; i < THREADS; i++) {
            racers.add(openRacer());
        }
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    void closeRacers() throws SQLException {
        pool.shutdownNow();
        for (Connection racer : racers) {
            racer.close();
        }
    }

    @Test
    void insert_of_one_key_by_all_threads_succeeds_once_and_names_the_key_for_every_loser() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "insert-" + round;

            List<Attempt<Map<String, Object>>> attempts = race((racer, unique) ->
                    unique.insert(table, Map.of("label", label, "note", "racer " + racer), Row.MAP));

            assertThat(attempts).filteredOn(Attempt::succeeded).hasSize(1);
            assertThat(attempts).filteredOn(a -> !a.succeeded()).hasSize(THREADS - 1).allSatisfy(a ->
                    assertThat(((DuplicateKeyException) a.failure()).duplicateKey()).isEqualTo(new DuplicateKey(
                            table, table + "_label_key", List.of("label"), Map.of("label", label))));
            assertThat(rowsLabelled(table, label)).isEqualTo(1);
        }
    }

    @Test
    void get_or_create_creates_once_and_every_thread_gets_the_same_row() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "get-" + round;

            List<Attempt<Got<Map<String, Object>>>> attempts = race((racer, unique) ->
                    unique.getOrCreate(table, LABEL, Map.of("label", label), Row.MAP));

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts).filteredOn(a -> a.value().created()).hasSize(1);
            assertThat(attempts).extracting(a -> a.value().row().get("id")).containsOnly(idOf(table, label));
            assertThat(rowsLabelled(table, label)).isEqualTo(1);
        }
    }

    @Test
    void get_or_create_always_returns_a_row_while_other_threads_delete_it() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        long creations = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String label = "deleted-" + round;

            List<Attempt<List<Got<Map<String, Object>>>>> attempts = race((racer, unique) -> {
                List<Got<Map<String, Object>>> got = new ArrayList<>();
                for (int repeat = 0; repeat < 5; repeat++) {
                    if (racer % 2 == 0) {
                        got.add(unique.getOrCreate(table, LABEL, Map.of("label", label), Row.MAP));
                    } else {
                        deleteLabelled(racers.get(racer), table, label);
                    }
                }
                return got;
            });

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts).flatExtracting(Attempt::value).hasSize(THREADS / 2 * 5)
                    .extracting(got -> got.row().get("label")).containsOnly(label);
            assertThat(rowsLabelled(table, label)).isLessThanOrEqualTo(1);
            creations += attempts.stream().flatMap(a -> a.value().stream()).filter(Got::created).count();
        }
        assertThat(creations).as("rows re-created after concurrent deletes").isGreaterThan(ROUNDS);
    }

    @Test
    void update_or_create_with_each_threads_own_value_creates_once_and_updates_for_everyone_else() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "upsert-" + round;

            List<Attempt<Upserted<Map<String, Object>>>> attempts = race((racer, unique) -> unique.updateOrCreate(
                    table, LABEL, Map.of("label", label, "note", "racer " + racer), List.of("note"), Row.MAP));

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts).extracting(a -> a.value().outcome())
                    .containsOnly(Outcome.CREATED, Outcome.UPDATED)
                    .filteredOn(Outcome.CREATED::equals).hasSize(1);
            assertThat(attempts).extracting(a -> a.value().row().get("id")).containsOnly(idOf(table, label));
            assertThat(rowsLabelled(table, label)).isEqualTo(1);
        }
    }

    @Test
    void update_or_create_with_the_same_value_creates_once_and_leaves_it_unchanged_for_everyone_else()
            throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "same-" + round;

            List<Attempt<Upserted<Map<String, Object>>>> attempts = race((racer, unique) -> unique.updateOrCreate(
                    table, LABEL, Map.of("label", label, "note", "same"), List.of("note"), Row.MAP));

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts).extracting(a -> a.value().outcome())
                    .containsOnly(Outcome.CREATED, Outcome.UNCHANGED)
                    .filteredOn(Outcome.CREATED::equals).hasSize(1);
            assertThat(rowsLabelled(table, label)).isEqualTo(1);
        }
    }

    @Test
    void insert_all_with_overlapping_inputs_inserts_every_key_once_and_each_thread_sees_consistent_outcomes()
            throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            List<List<Map<String, Object>>> inputs = overlappingInputs("bulk-" + round, new Random(round));

            List<Attempt<List<RowOutcome<Map<String, Object>>>>> attempts = race((racer, unique) ->
                    unique.insertAll(table, LABEL, inputs.get(racer), Row.MAP));

            assertThat(attempts).allMatch(Attempt::succeeded);
            Map<Object, Object> createdIdByLabel = new HashMap<>();
            for (Attempt<List<RowOutcome<Map<String, Object>>>> attempt : attempts) {
                for (RowOutcome<Map<String, Object>> outcome : attempt.value()) {
                    if (outcome instanceof Created<Map<String, Object>> created) {
                        assertThat(createdIdByLabel.put(created.row().get("label"), created.row().get("id")))
                                .as("second creation of %s", created.row().get("label")).isNull();
                    }
                }
            }
            long distinctLabels = inputs.stream().flatMap(List::stream).map(row -> row.get("label")).distinct().count();
            assertThat(createdIdByLabel).hasSize((int) distinctLabels);
            assertThat(rowsLabelledLike(table, "bulk-" + round + "-%")).isEqualTo(distinctLabels);
            for (int racer = 0; racer < THREADS; racer++) {
                assertConsistent(inputs.get(racer), attempts.get(racer).value(), createdIdByLabel);
            }
        }
    }

    @Test
    void modify_with_wait_serialises_every_thread_so_the_counter_counts_them_all() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "counter-" + round;
            Map<String, Object> key = Map.of("label", label);
            Unique.on(racers.get(0)).getOrCreate(table, LABEL, key, Row.MAP);
            finishOperation(racers.get(0));

            List<Attempt<Optional<Map<String, Object>>>> attempts = race((racer, unique) ->
                    unique.modify(table, key, LockMode.WAIT, UniquenessRaceContract::increment, Row.MAP));

            assertThat(attempts).allMatch(a -> a.succeeded() && a.value().isPresent());
            assertThat(attempts).extracting(a -> a.value().get().get("counter"))
                    .containsExactlyInAnyOrderElementsOf(range(1, THREADS));
            assertThat(counterOf(table, label)).isEqualTo(THREADS);
        }
    }

    @Test
    void modify_with_nowait_lets_one_thread_in_and_every_other_gets_LockNotAvailableException() throws Exception {
        assertOneLockHolder(LockMode.NOWAIT, attempt -> attempt.failedWith(LockNotAvailableException.class));
    }

    @Test
    void modify_with_skip_locked_lets_one_thread_in_and_every_other_finds_no_row() throws Exception {
        assertOneLockHolder(LockMode.SKIP_LOCKED, attempt -> attempt.succeeded() && attempt.value().isEmpty());
    }

    @Test
    void update_if_advances_the_furthest_phase_to_the_maximum_whatever_the_order() throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = "phase-" + round;
            Map<String, Object> key = Map.of("label", label);
            Unique.on(racers.get(0)).getOrCreate(table, LABEL, key, Row.MAP);
            finishOperation(racers.get(0));

            List<Attempt<Integer>> attempts = race((racer, unique) -> unique.updateIf(table,
                    Map.of("furthest_phase", racer + 1), key, "furthest_phase < ?", racer + 1));

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts.get(THREADS - 1).value()).as("the highest phase always lands").isEqualTo(1);
            assertThat(TestTables.queryLong("SELECT furthest_phase FROM %s WHERE label = '%s'".formatted(table, label)))
                    .isEqualTo(THREADS);
        }
    }

    @Test
    void lock_with_nowait_in_a_transaction_lets_one_thread_hold_the_row_and_every_other_gets_LockNotAvailableException()
            throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, Object> key = Map.of("label", "held-" + round);
            Unique.on(racers.get(0)).getOrCreate(table, LABEL, key, Row.MAP);
            finishOperation(racers.get(0));
            CountDownLatch othersBack = new CountDownLatch(THREADS - 1);

            List<Attempt<Optional<Map<String, Object>>>> attempts = race((racer, unique) ->
                    inTransaction(racers.get(racer), () -> {
                        try {
                            Optional<Map<String, Object>> held = unique.lock(table, key, LockMode.NOWAIT, Row.MAP);
                            awaitQuietly(othersBack);
                            return held;
                        } catch (LockNotAvailableException expected) {
                            othersBack.countDown();
                            throw expected;
                        }
                    }));

            assertThat(attempts).filteredOn(a -> a.succeeded() && a.value().isPresent()).hasSize(1);
            assertThat(attempts).filteredOn(a -> a.failedWith(LockNotAvailableException.class)).hasSize(THREADS - 1);
        }
    }

    @Test
    void find_duplicates_during_concurrent_inserts_reports_only_complete_groups_and_finally_all_of_them()
            throws Exception {
        String table = TestTables.create("CREATE TABLE %1$s (id bigserial PRIMARY KEY, label text)");
        for (int round = 0; round < ROUNDS; round++) {
            String label = "dup-" + round;

            List<Attempt<List<DuplicateGroup>>> attempts = race((racer, unique) -> {
                if (racer % 2 == 0) {
                    unique.insert(table, Map.of("label", label), Row.MAP);
                    return List.of();
                }
                return unique.findDuplicates(table, List.of("label"));
            });

            assertThat(attempts).allMatch(Attempt::succeeded);
            assertThat(attempts).flatExtracting(Attempt::value)
                    .allSatisfy(group -> assertThat(group.ids()).hasSize((int) group.count()));
            assertThat(Unique.on(racers.get(0)).findDuplicates(table, List.of("label")))
                    .filteredOn(group -> group.key().equals(List.of(label)))
                    .singleElement().satisfies(group -> assertThat(group.count()).isEqualTo(THREADS / 2));
            finishOperation(racers.get(0));
        }
    }

    /**
     * The thread that gets the lock holds it (inside its change function) until every other thread has come back,
     * so "exactly one winner" does not depend on timing.
     */
    private void assertOneLockHolder(LockMode mode, java.util.function.Predicate<Attempt<Optional<Map<String, Object>>>> lost)
            throws Exception {
        String table = TestTables.create(TestTables.PARCELS);
        for (int round = 0; round < ROUNDS; round++) {
            String label = mode + "-" + round;
            Map<String, Object> key = Map.of("label", label);
            Unique.on(racers.get(0)).getOrCreate(table, LABEL, key, Row.MAP);
            finishOperation(racers.get(0));
            CountDownLatch othersBack = new CountDownLatch(THREADS - 1);

            List<Attempt<Optional<Map<String, Object>>>> attempts = race((racer, unique) -> {
                boolean[] won = {false};
                try {
                    Optional<Map<String, Object>> row = unique.modify(table, key, mode, locked -> {
                        won[0] = true;
                        awaitQuietly(othersBack);
                        return increment(locked);
                    }, Row.MAP);
                    return row;
                } finally {
                    if (!won[0]) {
                        othersBack.countDown();
                    }
                }
            });

            assertThat(attempts).filteredOn(a -> a.succeeded() && a.value().isPresent()).hasSize(1);
            assertThat(attempts).filteredOn(lost::test).hasSize(THREADS - 1);
            assertThat(counterOf(table, label)).isEqualTo(1);
        }
    }

    private void assertConsistent(List<Map<String, Object>> input, List<RowOutcome<Map<String, Object>>> outcomes,
            Map<Object, Object> createdIdByLabel) {
        assertThat(outcomes).hasSameSizeAs(input);
        Map<Object, Integer> firstIndexByLabel = new HashMap<>();
        for (int index = 0; index < input.size(); index++) {
            Object label = input.get(index).get("label");
            Integer firstIndex = firstIndexByLabel.putIfAbsent(label, index);
            RowOutcome<Map<String, Object>> outcome = outcomes.get(index);
            assertThat(outcome.index()).isEqualTo(index);
            if (firstIndex != null) {
                assertThat(outcome).isEqualTo(new DuplicateInInput<Map<String, Object>>(index, firstIndex));
            } else if (outcome instanceof Created<Map<String, Object>> created) {
                assertThat(created.row().get("label")).isEqualTo(label);
            } else {
                assertThat(outcome).isInstanceOfSatisfying(DuplicateOfExisting.class, existing ->
                        assertThat(((Map<?, ?>) existing.existing()).get("id")).isEqualTo(createdIdByLabel.get(label)));
            }
        }
    }

    /** Thread i gets labels [2i, 2i + 40) shuffled, so neighbours overlap heavily, plus 5 labels repeated. */
    private static List<List<Map<String, Object>>> overlappingInputs(String prefix, Random random) {
        List<List<Map<String, Object>>> inputs = new ArrayList<>();
        for (int racer = 0; racer < THREADS; racer++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int n = 2 * racer; n < 2 * racer + 40; n++) {
                rows.add(Map.of("label", prefix + "-" + n, "note", "racer " + racer));
            }
            Collections.shuffle(rows, random);
            rows.addAll(rows.subList(0, 5));
            inputs.add(rows);
        }
        return inputs;
    }

    /** Runs {@code operation} on all racers at once and returns each racer's attempt, by racer number. */
    private <R> List<Attempt<R>> race(RacingOperation<R> operation) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Attempt<R>>> futures = new ArrayList<>();
        for (int racer = 0; racer < THREADS; racer++) {
            int number = racer;
            Connection connection = racers.get(racer);
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                Attempt<R> attempt;
                try {
                    attempt = new Attempt<>(operation.run(number, Unique.on(connection)), null);
                } catch (SQLException | RuntimeException e) {
                    attempt = new Attempt<>(null, e);
                }
                finishOperation(connection);
                return attempt;
            }));
        }
        List<Attempt<R>> attempts = new ArrayList<>();
        for (Future<Attempt<R>> future : futures) {
            attempts.add(future.get(60, TimeUnit.SECONDS));
        }
        return attempts;
    }

    @FunctionalInterface
    interface RacingOperation<R> {
        R run(int racer, Unique unique) throws SQLException;
    }

    /** Locks need a transaction: in autocommit mode, open one for the work (as a caller would) and end it. */
    private static <R> R inTransaction(Connection connection, SqlWork<R> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private void deleteLabelled(Connection connection, String table, String label) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM %s WHERE label = ?".formatted(table))) {
            delete.setString(1, label);
            delete.executeUpdate();
        }
        finishOperation(connection);
    }

    private static Map<String, Object> increment(Map<String, Object> row) {
        row.put("counter", (Integer) row.get("counter") + 1);
        return row;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static long rowsLabelled(String table, String label) throws SQLException {
        return TestTables.queryLong("SELECT count(*) FROM %s WHERE label = '%s'".formatted(table, label));
    }

    private static long rowsLabelledLike(String table, String pattern) throws SQLException {
        return TestTables.queryLong("SELECT count(*) FROM %s WHERE label LIKE '%s'".formatted(table, pattern));
    }

    private static long idOf(String table, String label) throws SQLException {
        return TestTables.queryLong("SELECT id FROM %s WHERE label = '%s'".formatted(table, label));
    }

    private static long counterOf(String table, String label) throws SQLException {
        return TestTables.queryLong("SELECT counter FROM %s WHERE label = '%s'".formatted(table, label));
    }
}
