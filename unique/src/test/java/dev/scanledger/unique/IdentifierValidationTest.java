package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names are never concatenated unchecked: only plain identifiers pass, and they must exist in the catalog. */
class IdentifierValidationTest extends OnPostgres {

    @Test
    void rejects_a_table_name_that_is_not_a_plain_identifier() {
        for (String table : List.of("t; DROP TABLE x", "\"t\"", "t--", "", "a.b.c", "1t")) {
            assertThatThrownBy(() -> unique.insert(table, values("label", "A"), Row.MAP))
                    .as(table).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejects_a_column_name_that_is_not_a_plain_identifier() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);

        assertThatThrownBy(() -> unique.insert(table, values("label\" text, x", "A"), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConflictTarget.columns("label)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConflictTarget.constraint("x\" ; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_columns_the_table_does_not_have() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);

        assertThatThrownBy(() -> unique.insert(table, values("label", "A", "colour", "red"), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> unique.findDuplicates(table, List.of("colour")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_a_table_that_does_not_exist() {
        assertThatThrownBy(() -> unique.insert("no_such_table", values("label", "A"), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_table");
    }

    @Test
    void names_are_exact_so_a_mixed_case_name_does_not_fold_to_lower_case() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);

        assertThatThrownBy(() -> unique.insert(table.toUpperCase(), values("label", "A"), Row.MAP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accepts_a_schema_qualified_table_name() throws SQLException {
        TestTables.execute("CREATE SCHEMA IF NOT EXISTS ledger");
        String table = "ledger." + TestTables.create(TestTables.PARCELS.replace("CREATE TABLE %1$s", "CREATE TABLE ledger.%1$s"));

        Map<String, Object> row = unique.insert(table, values("label", "A"), Row.MAP);

        assertThat(row).containsEntry("label", "A");
    }
}
