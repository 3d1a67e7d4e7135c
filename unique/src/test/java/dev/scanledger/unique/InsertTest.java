package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsertTest extends OnPostgres {

    @Test
    void returns_the_stored_row_with_defaults_filled_in() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        Map<String, Object> row = unique.insert(table, values("label", "A", "phase", 1), Row.MAP);

        assertThat(row).containsEntry("label", "A").containsEntry("phase", 1).containsKeys("id", "scanned_at");
        assertThat(row.get("scanned_at")).isNotNull();
    }

    @Test
    void accepts_values_in_their_text_form_because_every_parameter_is_cast_to_its_column_type() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        Map<String, Object> row = unique.insert(table,
                values("label", "A", "phase", "7", "scanned_at", "2026-01-02T03:04:05Z"), Row.MAP);

        assertThat(row.get("phase")).isEqualTo(7);
    }

    @Test
    void maps_rows_with_the_callers_mapper() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        long id = unique.insert(table, values("label", "A", "phase", 1), rs -> rs.getLong("id"));

        assertThat(id).isPositive();
    }

    @Test
    void a_duplicate_raises_DuplicateKeyException_and_writes_nothing() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(table, values("label", "A", "phase", 1), Row.MAP);

        assertThatThrownBy(() -> unique.insert(table, values("label", "A", "phase", 1, "note", "again"), Row.MAP))
                .isInstanceOf(DuplicateKeyException.class)
                .hasFieldOrPropertyWithValue("SQLState", "23505");
        assertThat(TestTables.count(table)).isEqualTo(1);
    }

    @Test
    void other_failures_stay_plain_SQLExceptions() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);

        assertThatThrownBy(() -> unique.insert(table, values("label", "A"), Row.MAP))
                .isInstanceOf(SQLException.class)
                .isNotInstanceOf(DuplicateKeyException.class)
                .hasFieldOrPropertyWithValue("SQLState", "23502");
    }
}
