package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inside the caller's transaction every write runs under a savepoint: a conflict or lock failure is rolled back to
 * it, so the caller's transaction stays usable and its earlier work still commits.
 */
class CallerTransactionTest extends OnPostgres {

    private static final ConflictTarget LABEL = ConflictTarget.columns("label");

    private String table;

    @BeforeEach
    void parcelsTableAndATransaction() throws SQLException {
        table = TestTables.create(TestTables.PARCELS);
        unique.insert(table, values("label", "existing"), Row.MAP);
        connection.setAutoCommit(false);
    }

    @Test
    void after_a_duplicate_insert_the_transaction_goes_on_and_commits_its_other_work() throws SQLException {
        unique.insert(table, values("label", "before"), Row.MAP);

        assertThatThrownBy(() -> unique.insert(table, values("label", "existing"), Row.MAP))
                .isInstanceOf(DuplicateKeyException.class);
        unique.insert(table, values("label", "after"), Row.MAP);
        connection.commit();

        assertThat(TestTables.count(table)).isEqualTo(3);
    }

    @Test
    void after_an_insert_all_that_hit_another_constraint_the_transaction_goes_on() throws SQLException {
        String scans = TestTables.create(TestTables.LABEL_SCANS);
        unique.insert(scans, values("label", "A", "phase", 1, "serial", "S"), Row.MAP);

        assertThatThrownBy(() -> unique.insertAll(scans, ConflictTarget.columns("label", "phase"),
                List.of(values("label", "B", "phase", 1, "serial", "S")), Row.MAP))
                .isInstanceOf(DuplicateKeyException.class);
        unique.insert(scans, values("label", "C", "phase", 1), Row.MAP);
        connection.commit();

        assertThat(TestTables.count(scans)).isEqualTo(2);
    }

    @Test
    void after_a_failed_nowait_lock_the_transaction_goes_on() throws SQLException {
        try (var holder = SharedPostgres.connectInTransaction()) {
            Unique.on(holder).lock(table, values("label", "existing"), LockMode.WAIT, Row.MAP).orElseThrow();

            assertThatThrownBy(() -> unique.modify(table, values("label", "existing"), LockMode.NOWAIT, row -> row,
                    Row.MAP)).isInstanceOf(LockNotAvailableException.class);
            unique.insert(table, values("label", "after"), Row.MAP);
            connection.commit();
        }
        assertThat(TestTables.count(table)).isEqualTo(2);
    }

    @Test
    void get_or_create_sees_rows_the_transaction_itself_created() throws SQLException {
        Got<Map<String, Object>> created = unique.getOrCreate(table, LABEL, values("label", "new"), Row.MAP);

        Got<Map<String, Object>> again = unique.getOrCreate(table, LABEL, values("label", "new"), Row.MAP);

        assertThat(created.created()).isTrue();
        assertThat(again).isEqualTo(new Got<>(created.row(), false));
    }

    @Test
    void modify_leaves_the_lock_with_the_callers_transaction_until_it_commits() throws SQLException {
        unique.modify(table, values("label", "existing"), LockMode.WAIT, row -> values("note", "changed"), Row.MAP);

        try (var other = SharedPostgres.connectInTransaction()) {
            assertThat(Unique.on(other).lock(table, values("label", "existing"), LockMode.SKIP_LOCKED, Row.MAP))
                    .isEmpty();
            other.rollback();
        }
        connection.commit();
        assertThat(TestTables.queryLong("SELECT count(*) FROM %s WHERE note = 'changed'".formatted(table))).isEqualTo(1);
    }

    @Test
    void the_callers_rollback_undoes_the_toolkits_writes() throws SQLException {
        unique.getOrCreate(table, LABEL, values("label", "new"), Row.MAP);
        unique.insertAll(table, LABEL, List.of(values("label", "x"), values("label", "y")), Row.MAP);

        connection.rollback();

        assertThat(TestTables.count(table)).isEqualTo(1);
    }
}
