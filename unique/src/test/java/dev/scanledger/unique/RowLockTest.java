package dev.scanledger.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Locked read-modify-write (modify, lock) and the lock-free conditional update (updateIf). */
class RowLockTest extends OnPostgres {

    private String table;
    private Map<String, Object> parcelA;

    @BeforeEach
    void oneParcel() throws SQLException {
        table = TestTables.create(TestTables.PARCELS);
        unique.insert(table, values("label", "A", "counter", 1, "furthest_phase", 3), Row.MAP);
        parcelA = values("label", "A");
    }

    @Test
    void modify_applies_the_change_to_the_locked_row_and_returns_the_updated_row() throws SQLException {
        Optional<Map<String, Object>> updated = unique.modify(table, parcelA, LockMode.WAIT, this::increment, Row.MAP);

        assertThat(updated).get().satisfies(row -> assertThat(row).containsEntry("counter", 2));
        assertThat(TestTables.queryLong("SELECT counter FROM " + table)).isEqualTo(2);
    }

    @Test
    void modify_of_a_missing_row_is_empty() throws SQLException {
        assertThat(unique.modify(table, values("label", "nope"), LockMode.WAIT, this::increment, Row.MAP)).isEmpty();
    }

    @Test
    void modify_that_changes_nothing_returns_the_row_as_it_is() throws SQLException {
        Optional<Map<String, Object>> same = unique.modify(table, parcelA, LockMode.WAIT, row -> row, Row.MAP);

        assertThat(same).get().satisfies(row -> assertThat(row).containsEntry("counter", 1));
    }

    @Test
    void modify_in_autocommit_mode_leaves_the_connection_in_autocommit_mode() throws SQLException {
        unique.modify(table, parcelA, LockMode.WAIT, this::increment, Row.MAP);

        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void nowait_on_a_row_locked_elsewhere_raises_LockNotAvailableException() throws SQLException {
        try (Connection holder = lockedElsewhere()) {
            assertThatThrownBy(() -> unique.modify(table, parcelA, LockMode.NOWAIT, this::increment, Row.MAP))
                    .isInstanceOf(LockNotAvailableException.class).hasFieldOrPropertyWithValue("SQLState", "55P03");
        }
    }

    @Test
    void wait_gives_up_with_LockTimeoutException_when_lock_timeout_expires() throws SQLException {
        setLockTimeout("100ms");
        try (Connection holder = lockedElsewhere()) {
            assertThatThrownBy(() -> unique.modify(table, parcelA, LockMode.WAIT, this::increment, Row.MAP))
                    .isInstanceOf(LockTimeoutException.class);
        }
    }

    @Test
    void skip_locked_treats_a_row_locked_elsewhere_as_absent() throws SQLException {
        try (Connection holder = lockedElsewhere()) {
            assertThat(unique.modify(table, parcelA, LockMode.SKIP_LOCKED, this::increment, Row.MAP)).isEmpty();
        }
        assertThat(TestTables.queryLong("SELECT counter FROM " + table)).isEqualTo(1);
    }

    @Test
    void lock_holds_the_row_until_the_callers_transaction_ends() throws SQLException {
        try (Connection holder = SharedPostgres.connectInTransaction()) {
            assertThat(Unique.on(holder).lock(table, parcelA, LockMode.WAIT, Row.MAP)).isPresent();

            assertThatThrownBy(() -> unique.modify(table, parcelA, LockMode.NOWAIT, this::increment, Row.MAP))
                    .isInstanceOf(LockNotAvailableException.class);
            holder.commit();
        }
        assertThat(unique.modify(table, parcelA, LockMode.NOWAIT, this::increment, Row.MAP)).isPresent();
    }

    @Test
    void lock_refuses_autocommit_mode_where_the_lock_would_end_at_once() {
        assertThatThrownBy(() -> unique.lock(table, parcelA, LockMode.WAIT, Row.MAP))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updateIf_updates_when_the_condition_holds() throws SQLException {
        int updated = unique.updateIf(table, values("furthest_phase", 5), parcelA, "furthest_phase < ?", 5);

        assertThat(updated).isEqualTo(1);
        assertThat(TestTables.queryLong("SELECT furthest_phase FROM " + table)).isEqualTo(5);
    }

    @Test
    void updateIf_leaves_the_row_alone_when_the_condition_fails() throws SQLException {
        int updated = unique.updateIf(table, values("furthest_phase", 2), parcelA, "furthest_phase < ?", 2);

        assertThat(updated).isZero();
        assertThat(TestTables.queryLong("SELECT furthest_phase FROM " + table)).isEqualTo(3);
    }

    @Test
    void updateIf_raises_DuplicateKeyException_when_the_update_collides() throws SQLException {
        unique.insert(table, values("label", "B"), Row.MAP);

        assertThatThrownBy(() -> unique.updateIf(table, values("label", "B"), parcelA, null))
                .isInstanceOfSatisfying(DuplicateKeyException.class,
                        e -> assertThat(e.duplicateKey().values()).isEqualTo(Map.of("label", "B")));
    }

    private Map<String, Object> increment(Map<String, Object> row) {
        row.put("counter", (Integer) row.get("counter") + 1);
        return row;
    }

    /** Another transaction holding the row lock on parcel A; closing the connection releases it. */
    private Connection lockedElsewhere() throws SQLException {
        Connection holder = SharedPostgres.connectInTransaction();
        Unique.on(holder).lock(table, parcelA, LockMode.WAIT, Row.MAP).orElseThrow();
        return holder;
    }

    private void setLockTimeout(String timeout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '%s'".formatted(timeout));
        }
    }
}
