package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scanledger.unique.RowOutcome.Created;
import dev.scanledger.unique.RowOutcome.DuplicateInInput;
import dev.scanledger.unique.RowOutcome.DuplicateOfExisting;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsertAllTest extends OnPostgres {

    private static final ConflictTarget LABEL_PHASE = ConflictTarget.columns("label", "phase");

    @Test
    void inserts_every_row_and_reports_each_as_created_in_input_order() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table, LABEL_PHASE,
                List.of(scan("A", 1), scan("B", 1), scan("A", 2)), Row.MAP);

        assertThat(outcomes).hasSize(3).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Created.class));
        assertThat(outcomes).extracting(RowOutcome::index).containsExactly(0, 1, 2);
        assertThat(((Created<Map<String, Object>>) outcomes.get(2)).row())
                .containsEntry("label", "A").containsEntry("phase", 2).containsKey("id");
        assertThat(TestTables.count(table)).isEqualTo(3);
    }

    @Test
    void the_first_occurrence_of_a_key_in_the_input_wins_and_later_ones_point_to_it() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table, LABEL_PHASE,
                List.of(scan("B", 1, "b"), scan("A", 1, "first"), scan("A", 1, "second"), scan("A", 1, "third")), Row.MAP);

        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Created.class,
                created -> assertThat(row(created)).containsEntry("note", "first"));
        assertThat(outcomes.subList(2, 4)).containsExactly(new DuplicateInInput<>(2, 1), new DuplicateInInput<>(3, 1));
        assertThat(TestTables.count(table)).isEqualTo(2);
    }

    @Test
    void rows_whose_key_exists_get_the_existing_row() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        Map<String, Object> existing = unique.insert(table, scan("A", 1, "old"), Row.MAP);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table, LABEL_PHASE,
                List.of(scan("B", 1, "new"), scan("A", 1, "new")), Row.MAP);

        assertThat(outcomes.get(0)).isInstanceOf(Created.class);
        assertThat(outcomes.get(1)).isEqualTo(new DuplicateOfExisting<>(1, existing));
    }

    @Test
    void a_duplicate_of_an_existing_row_repeated_in_the_input_is_reported_once_against_the_table() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        Map<String, Object> existing = unique.insert(table, scan("A", 1), Row.MAP);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table, LABEL_PHASE,
                List.of(scan("A", 1), scan("A", 1)), Row.MAP);

        assertThat(outcomes).containsExactly(new DuplicateOfExisting<>(0, existing), new DuplicateInInput<>(1, 0));
    }

    @Test
    void compares_keys_as_the_column_type_does_not_as_the_input_text() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table, LABEL_PHASE,
                List.of(values("label", "A", "phase", 7), values("label", "A", "phase", "07")), Row.MAP);

        assertThat(outcomes.get(1)).isEqualTo(new DuplicateInInput<>(1, 0));
    }

    @Test
    void works_with_a_constraint_target() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(table, scan("A", 1), Row.MAP);

        List<RowOutcome<Map<String, Object>>> outcomes = unique.insertAll(table,
                ConflictTarget.constraint(table + "_label_phase_key"), List.of(scan("A", 1), scan("A", 2)), Row.MAP);

        assertThat(outcomes.get(0)).isInstanceOf(DuplicateOfExisting.class);
        assertThat(outcomes.get(1)).isInstanceOf(Created.class);
    }

    @Test
    void a_conflict_on_another_unique_constraint_fails_the_whole_call_with_the_key_from_the_server()
            throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(table, values("label", "A", "phase", 1, "serial", "S"), Row.MAP);

        assertThatThrownBy(() -> unique.insertAll(table, LABEL_PHASE,
                List.of(values("label", "B", "phase", 1, "serial", "T"), values("label", "C", "phase", 1, "serial", "S")),
                Row.MAP))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.duplicateKey()).isEqualTo(
                        new DuplicateKey(table, table + "_serial_key", List.of("serial"), Map.of("serial", "S"))));
        assertThat(TestTables.count(table)).isEqualTo(1);
    }

    @Test
    void gives_up_with_ConcurrentChangeException_when_rows_are_neither_stored_nor_found() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        TestTables.dropInsertsInto(table);

        assertThatThrownBy(() -> unique.insertAll(table, LABEL_PHASE, List.of(scan("A", 1)), Row.MAP))
                .isInstanceOf(ConcurrentChangeException.class);
    }

    @Test
    void an_empty_input_does_nothing() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThat(unique.insertAll(table, LABEL_PHASE, List.of(), Row.MAP)).isEmpty();
    }

    @Test
    void rejects_rows_with_different_columns() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThatThrownBy(() -> unique.insertAll(table, LABEL_PHASE,
                List.of(scan("A", 1), values("label", "B", "phase", 1, "note", "x")), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
    }

    @Test
    void rejects_a_null_in_a_key_column_because_nulls_never_conflict() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThatThrownBy(() -> unique.insertAll(table, LABEL_PHASE, List.of(scan("A", 1), scan(null, 1)), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1").hasMessageContaining("label");
    }

    @Test
    void imports_100_000_labels_with_20_000_duplicates_in_seconds() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insertAll(table, LABEL_PHASE, labels(0, 10_000), Row.MAP);
        List<Map<String, Object>> csv = new ArrayList<>(labels(0, 90_000));
        csv.addAll(labels(80_000, 90_000));

        long start = System.nanoTime();
        List<RowOutcome<Long>> outcomes = unique.insertAll(table, LABEL_PHASE, csv, rs -> rs.getLong("id"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("insertAll: 100,000 rows (10,000 existing, 10,000 repeated) in %d ms%n", took.toMillis());
        assertThat(outcomes).hasSize(100_000);
        assertThat(outcomes.stream().filter(Created.class::isInstance)).hasSize(80_000);
        assertThat(outcomes.stream().filter(DuplicateOfExisting.class::isInstance)).hasSize(10_000);
        assertThat(outcomes.stream().filter(DuplicateInInput.class::isInstance)).hasSize(10_000);
        assertThat(outcomes.get(95_000)).isEqualTo(new DuplicateInInput<>(95_000, 85_000));
        assertThat(TestTables.count(table)).isEqualTo(90_000);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
    }

    private static List<Map<String, Object>> labels(int from, int to) {
        List<Map<String, Object>> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            rows.add(values("label", "LBL%07d".formatted(i), "phase", 1, "note", "import"));
        }
        return rows;
    }

    private static Map<String, Object> scan(String label, int phase) {
        return values("label", label, "phase", phase);
    }

    private static Map<String, Object> scan(String label, int phase, String note) {
        return values("label", label, "phase", phase, "note", note);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(Created<?> created) {
        return (Map<String, Object>) created.row();
    }
}
