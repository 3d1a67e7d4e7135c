package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateOrCreateTest extends OnPostgres {

    private static final ConflictTarget LABEL = ConflictTarget.columns("label");
    private static final List<String> NOTE = List.of("note");

    @Test
    void creates_the_row_when_none_has_the_key() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);

        Upserted<Map<String, Object>> result = upsert(table, "A", "first");

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.row()).containsEntry("note", "first")
                .containsOnlyKeys("id", "label", "counter", "furthest_phase", "note");
    }

    @Test
    void updates_the_existing_row_when_an_update_column_differs() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        Upserted<Map<String, Object>> created = upsert(table, "A", "first");

        Upserted<Map<String, Object>> updated = upsert(table, "A", "second");

        assertThat(updated.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(updated.row()).containsEntry("note", "second").containsEntry("id", created.row().get("id"));
    }

    @Test
    void reports_unchanged_and_writes_nothing_when_the_row_already_holds_the_values() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        upsert(table, "A", "same");
        long versionBefore = TestTables.queryLong("SELECT xmin::text::bigint FROM " + table);

        Upserted<Map<String, Object>> again = upsert(table, "A", "same");

        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(again.row()).containsEntry("note", "same");
        assertThat(TestTables.queryLong("SELECT xmin::text::bigint FROM " + table)).isEqualTo(versionBefore);
    }

    @Test
    void treats_null_and_a_value_as_different() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        upsert(table, "A", null);

        assertThat(upsert(table, "A", "now set").outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(upsert(table, "A", null).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(upsert(table, "A", null).outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void leaves_columns_outside_the_update_list_as_they_were() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        unique.updateOrCreate(table, LABEL, values("label", "A", "note", "n", "counter", 5), NOTE, Row.MAP);

        Upserted<Map<String, Object>> result = unique.updateOrCreate(table, LABEL,
                values("label", "A", "note", "m", "counter", 9), NOTE, Row.MAP);

        assertThat(result.row()).containsEntry("note", "m").containsEntry("counter", 5);
    }

    @Test
    void works_with_a_constraint_target() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        ConflictTarget byName = ConflictTarget.constraint(table + "_label_key");
        unique.updateOrCreate(table, byName, values("label", "A", "note", "n"), NOTE, Row.MAP);

        Upserted<Map<String, Object>> result = unique.updateOrCreate(table, byName, values("label", "A", "note", "m"),
                NOTE, Row.MAP);

        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void rejects_update_columns_without_values() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);

        assertThatThrownBy(() -> unique.updateOrCreate(table, LABEL, values("label", "A"), NOTE, Row.MAP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Upserted<Map<String, Object>> upsert(String table, String label, String note) throws SQLException {
        return unique.updateOrCreate(table, LABEL, values("label", label, "note", note), NOTE, Row.MAP);
    }
}
