package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Race-free uniqueness operations on one JDBC connection, inside whatever transaction the caller holds.
 * Nothing here checks and then inserts: every write is an INSERT ... ON CONFLICT, a row lock or a savepoint-guarded
 * statement, and inside a caller's transaction a failed write is rolled back to its savepoint, so the transaction
 * stays usable. Table, column and constraint names must be plain identifiers; they are quoted, so they are exact.
 */
public final class Unique {

    private final Connection connection;

    private Unique(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    public static Unique on(Connection connection) {
        return new Unique(connection);
    }

    /** {@code INSERT ... RETURNING *}; a unique violation becomes {@link DuplicateKeyException}. */
    public <T> T insert(String table, Map<String, ?> values, RowMapper<T> mapper) throws SQLException {
        return new SingleRowWrites(connection).insert(table, values, mapper);
    }

    /**
     * The row with the target's key, inserting {@code values} if there is none. Never throws for the existing case;
     * throws {@link ConcurrentChangeException} only if the existing row keeps being deleted under us.
     */
    public <T> Got<T> getOrCreate(String table, ConflictTarget target, Map<String, ?> values, RowMapper<T> mapper)
            throws SQLException {
        return new SingleRowWrites(connection).getOrCreate(table, target, values, mapper);
    }

    /**
     * Inserts {@code values}, or on conflict sets {@code updateColumns} from them; {@link Outcome#UNCHANGED} when the
     * existing row already held those values (nothing is written then).
     */
    public <T> Upserted<T> updateOrCreate(String table, ConflictTarget target, Map<String, ?> values,
            Collection<String> updateColumns, RowMapper<T> mapper) throws SQLException {
        return new SingleRowWrites(connection).updateOrCreate(table, target, values, updateColumns, mapper);
    }

    /**
     * Inserts all rows in one statement, skipping conflicts; one outcome per input row, in input order.
     * All rows need the same columns, and no NULL in a conflict key column.
     */
    public <T> List<RowOutcome<T>> insertAll(String table, ConflictTarget target, List<? extends Map<String, ?>> rows,
            RowMapper<T> mapper) throws SQLException {
        return BulkInsert.run(connection, table, target, rows, mapper);
    }

    /**
     * Locks the row with {@code key}, applies {@code change} to a copy of it and writes back the columns it changed;
     * the row as updated, or empty if there is no such row (or it is locked, with {@link LockMode#SKIP_LOCKED}).
     * In autocommit mode this runs in a transaction of its own.
     */
    public <T> Optional<T> modify(String table, Map<String, ?> key, LockMode mode,
            UnaryOperator<Map<String, Object>> change, RowMapper<T> mapper) throws SQLException {
        return new RowLocks(connection).modify(table, key, mode, change, mapper);
    }

    /** Locks the row with {@code key} until the caller's transaction ends; needs a transaction (not autocommit). */
    public <T> Optional<T> lock(String table, Map<String, ?> key, LockMode mode, RowMapper<T> mapper)
            throws SQLException {
        return new RowLocks(connection).lock(table, key, mode, mapper);
    }

    /**
     * {@code UPDATE table SET ... WHERE key AND (condition)} without locking first; the number of rows changed.
     * {@code condition} is SQL written by the programmer (never user input), with ? placeholders for {@code args}.
     */
    public int updateIf(String table, Map<String, ?> set, Map<String, ?> key, String condition, Object... args)
            throws SQLException {
        return new RowLocks(connection).updateIf(table, set, key, condition, args);
    }

    /** Groups of existing rows sharing a non-NULL key on {@code columns}, ordered by key. */
    public List<DuplicateGroup> findDuplicates(String table, List<String> columns) throws SQLException {
        return new DuplicateFinder(connection).find(table, columns);
    }
}
