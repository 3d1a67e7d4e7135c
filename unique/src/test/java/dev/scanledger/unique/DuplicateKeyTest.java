package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a unique violation tells the caller: table, constraint, key columns from the catalog, key values. */
class DuplicateKeyTest extends OnPostgres {

    @Test
    void names_a_single_column_constraint_with_the_callers_value() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        unique.insert(table, values("label", "A"), Row.MAP);

        DuplicateKey key = duplicateOf(() -> unique.insert(table, values("label", "A", "note", "x"), Row.MAP));

        assertThat(key).isEqualTo(new DuplicateKey(table, table + "_label_key", List.of("label"), Map.of("label", "A")));
    }

    @Test
    void names_a_multi_column_constraint_with_columns_in_constraint_order() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(table, values("phase", 2, "label", "A"), Row.MAP);

        DuplicateKey key = duplicateOf(() -> unique.insert(table, values("phase", 2, "label", "A"), Row.MAP));

        assertThat(key.table()).isEqualTo(table);
        assertThat(key.constraint()).isEqualTo(table + "_label_phase_key");
        assertThat(key.columns()).containsExactly("label", "phase");
        assertThat(key.values()).containsExactly(Map.entry("label", "A"), Map.entry("phase", 2));
    }

    @Test
    void keeps_the_callers_value_objects_rather_than_the_servers_text() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(table, values("label", "A", "phase", 2), Row.MAP);

        DuplicateKey key = duplicateOf(() -> unique.insert(table, values("label", "A", "phase", 2L), Row.MAP));

        assertThat(key.values().get("phase")).isEqualTo(2L);
    }

    @Test
    void with_a_column_target_names_the_constraint_actually_violated() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        ConflictTarget labelPhase = ConflictTarget.columns("label", "phase");
        unique.getOrCreate(table, labelPhase, values("label", "A", "phase", 1, "serial", "S"), Row.MAP);

        DuplicateKey key = duplicateOf(() -> unique.getOrCreate(table, labelPhase,
                values("label", "B", "phase", 1, "serial", "S"), Row.MAP));

        assertThat(key).isEqualTo(new DuplicateKey(table, table + "_serial_key", List.of("serial"), Map.of("serial", "S")));
    }

    @Test
    void with_a_constraint_target_names_the_constraint_actually_violated() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        ConflictTarget labelPhase = ConflictTarget.constraint(table + "_label_phase_key");
        unique.updateOrCreate(table, labelPhase, values("label", "A", "phase", 1, "serial", "S"), List.of("serial"),
                Row.MAP);

        DuplicateKey key = duplicateOf(() -> unique.updateOrCreate(table, labelPhase,
                values("label", "B", "phase", 1, "serial", "S"), List.of("serial"), Row.MAP));

        assertThat(key.constraint()).isEqualTo(table + "_serial_key");
        assertThat(key.values()).isEqualTo(Map.of("serial", "S"));
    }

    @Test
    void identifies_a_violation_raised_by_plain_JDBC_from_the_catalog_and_the_detail_text() throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        String insert = "INSERT INTO %s (label, phase) VALUES ('A', 1)".formatted(table);
        execute(insert);

        SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(insert));

        assertThat(DuplicateKeys.isUniqueViolation(failure)).isTrue();
        assertThat(DuplicateKeys.identify(connection, failure)).contains(new DuplicateKey(table,
                table + "_label_phase_key", List.of("label", "phase"), Map.of("label", "A", "phase", "1")));
    }

    @Test
    void still_identifies_the_violation_when_the_transaction_is_aborted_and_the_catalog_cannot_be_read()
            throws SQLException {
        String table = TestTables.create(TestTables.LABEL_SCANS);
        String insert = "INSERT INTO %s (label, phase) VALUES ('A', 1)".formatted(table);
        execute(insert);
        connection.setAutoCommit(false);

        SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(insert));

        assertThat(DuplicateKeys.identify(connection, failure)).get()
                .satisfies(key -> assertThat(key.columns()).containsExactly("label", "phase"))
                .satisfies(key -> assertThat(key.values()).containsEntry("label", "A").containsEntry("phase", "1"));
        connection.rollback();
    }

    @Test
    void finds_a_violation_wrapped_in_other_exceptions() throws SQLException {
        String table = TestTables.create(TestTables.PARCELS);
        String insert = "INSERT INTO %s (label) VALUES ('A')".formatted(table);
        execute(insert);
        SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(insert));

        RuntimeException wrapped = new IllegalStateException("repository failed", new RuntimeException(failure));

        assertThat(DuplicateKeys.isUniqueViolation(wrapped)).isTrue();
        assertThat(DuplicateKeys.identify(connection, wrapped)).get()
                .extracting(DuplicateKey::constraint).isEqualTo(table + "_label_key");
    }

    @Test
    void other_errors_are_not_unique_violations() {
        SQLException notNull = new SQLException("null value", "23502");

        assertThat(DuplicateKeys.isUniqueViolation(notNull)).isFalse();
        assertThat(DuplicateKeys.identify(connection, notNull)).isEmpty();
    }

    @Test
    void reads_the_detail_text_only_as_a_last_resort_and_splits_it_by_column() {
        assertThat(DuplicateKeys.parseDetail("Key (label, phase)=(A, 1) already exists."))
                .containsExactly(Map.entry("label", "A"), Map.entry("phase", "1"));
        assertThat(DuplicateKeys.parseDetail("Key (label)=(a, b) already exists.")).containsExactly(Map.entry("label", "a, b"));
        assertThat(DuplicateKeys.parseDetail(null)).isEmpty();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static DuplicateKey duplicateOf(ThrowingWrite write) {
        return catchThrowableOfType(DuplicateKeyException.class, write::run).duplicateKey();
    }

    @FunctionalInterface
    interface ThrowingWrite {
        void run() throws SQLException;
    }
}
