package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetOrCreateTest extends OnPostgres {

    private static final ConflictTarget LABEL_PHASE = ConflictTarget.columns("label", "phase");

    @Test
    void creates_the_row_when_none_has_the_key() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        Got<Map<String, Object>> got = unique.getOrCreate(table, LABEL_PHASE, values("label", "A", "phase", 1), Row.MAP);

        assertThat(got.created()).isTrue();
        assertThat(got.row()).containsEntry("label", "A").containsEntry("phase", 1);
    }

    @Test
    void returns_the_existing_row_without_an_exception_and_without_changing_it() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        Got<Map<String, Object>> first = unique.getOrCreate(table, LABEL_PHASE,
                values("label", "A", "phase", 1, "note", "first"), Row.MAP);

        Got<Map<String, Object>> second = unique.getOrCreate(table, LABEL_PHASE,
                values("label", "A", "phase", 1, "note", "second"), Row.MAP);

        assertThat(second.created()).isFalse();
        assertThat(second.row()).isEqualTo(first.row()).containsEntry("note", "first");
        assertThat(TestTables.count(table)).isEqualTo(1);
    }

    @Test
    void takes_the_key_columns_of_a_constraint_target_from_the_catalog() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        ConflictTarget byName = ConflictTarget.constraint(table + "_label_phase_key");
        unique.getOrCreate(table, byName, values("label", "A", "phase", 1), Row.MAP);

        Got<Map<String, Object>> again = unique.getOrCreate(table, byName, values("label", "A", "phase", 1), Row.MAP);

        assertThat(again.created()).isFalse();
        assertThat(TestTables.count(table)).isEqualTo(1);
    }

    @Test
    void a_conflict_on_another_unique_constraint_is_a_DuplicateKeyException() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.getOrCreate(table, LABEL_PHASE, values("label", "A", "phase", 1, "serial", "S1"), Row.MAP);

        assertThatThrownBy(() -> unique.getOrCreate(table, LABEL_PHASE,
                values("label", "B", "phase", 1, "serial", "S1"), Row.MAP))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e ->
                        assertThat(e.duplicateKey().constraint()).isEqualTo(table + "_serial_key"));
    }

    @Test
    void rejects_values_that_lack_a_key_column() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThatThrownBy(() -> unique.getOrCreate(table, LABEL_PHASE, values("label", "A"), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phase");
    }

    @Test
    void rejects_an_unknown_constraint() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThatThrownBy(() -> unique.getOrCreate(table, ConflictTarget.constraint("no_such_key"),
                values("label", "A", "phase", 1), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_key");
    }

    @Test
    void gives_up_with_ConcurrentChangeException_when_the_row_is_neither_stored_nor_found() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        TestTables.dropInsertsInto(table);

        assertThatThrownBy(() -> unique.getOrCreate(table, LABEL_PHASE, values("label", "A", "phase", 1), Row.MAP))
                .isInstanceOf(ConcurrentChangeException.class);
    }
}
