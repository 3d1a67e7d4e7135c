package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Insert, get-or-create and update-or-create of one row, each a single INSERT statement. */
final class SingleRowWrites {

    /** Bounded, because only a row that keeps vanishing between our INSERT and SELECT can make us retry. */
    static final int ATTEMPTS = 5;

    private static final String CREATED = Row.INTERNAL_PREFIX + "created";

    private final Connection connection;

    SingleRowWrites(Connection connection) {
        this.connection = connection;
    }

    <T> T insert(String tableName, Map<String, ?> values, RowMapper<T> mapper) throws SQLException {
        TableShape table = Catalog.table(connection, tableName);
        InsertedValues row = InsertedValues.of(table, values);
        Query insert = new Query("""
                INSERT INTO %s (%s) VALUES (%s)
                RETURNING *
                """.formatted(table.name().quoted(), row.columns(), row.placeholders()), row.parameters());
        return guarded(values, () -> insert.firstRow(connection, mapper).orElseThrow());
    }

    <T> Got<T> getOrCreate(String tableName, ConflictTarget conflictTarget, Map<String, ?> values, RowMapper<T> mapper)
            throws SQLException {
        TableShape table = Catalog.table(connection, tableName);
        ResolvedTarget target = conflictTarget.resolve(connection, table);
        target.requireSuppliedBy(values.keySet());
        InsertedValues row = InsertedValues.of(table, values);
        Query insert = new Query("""
                INSERT INTO %s (%s) VALUES (%s)
                ON CONFLICT %s DO NOTHING
                RETURNING *
                """.formatted(table.name().quoted(), row.columns(), row.placeholders(), target.clause()),
                row.parameters());
        Optional<T> created = guarded(values, () -> insert.firstRow(connection, mapper));
        if (created.isPresent()) {
            return new Got<>(created.get(), true);
        }
        Optional<T> found = selectByKey(table, KeyPredicate.project(values, target.columns())).firstRow(connection, mapper);
        if (found.isPresent()) {
            return new Got<>(found.get(), false);
        }
        return insertOrLockExisting(table, target, row, values, mapper);
    }

    /**
     * The existing row was deleted between our INSERT and SELECT. Retrying the pair could lose again to the next
     * delete, so the retry is one statement that either inserts or locks and returns the existing row: a no-op
     * DO UPDATE of the key columns. It costs a row version (and fires update triggers), which is why it is only
     * the fallback. Still bounded: a trigger that silently drops the insert would otherwise loop forever.
     */
    private <T> Got<T> insertOrLockExisting(TableShape table, ResolvedTarget target, InsertedValues row,
            Map<String, ?> values, RowMapper<T> mapper) throws SQLException {
        String unchangedKey = target.columns().stream().map(Identifier::quoted)
                .map(column -> "%s = EXCLUDED.%s".formatted(column, column)).collect(Collectors.joining(", "));
        Query insertOrLock = new Query("""
                INSERT INTO %s AS t (%s) VALUES (%s)
                ON CONFLICT %s DO UPDATE SET %s
                RETURNING *, (t.xmax = 0) AS "%s"
                """.formatted(table.name().quoted(), row.columns(), row.placeholders(), target.clause(), unchangedKey,
                CREATED), row.parameters());
        for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
            Optional<Got<T>> got = guarded(values, () -> insertOrLock.firstRow(connection,
                    rs -> new Got<>(mapper.map(rs), rs.getBoolean(CREATED))));
            if (got.isPresent()) {
                return got.get();
            }
        }
        throw new ConcurrentChangeException(table.name().toString(), ATTEMPTS);
    }

    <T> Upserted<T> updateOrCreate(String tableName, ConflictTarget conflictTarget, Map<String, ?> values,
            Collection<String> updateColumns, RowMapper<T> mapper) throws SQLException {
        TableShape table = Catalog.table(connection, tableName);
        ResolvedTarget target = conflictTarget.resolve(connection, table);
        target.requireSuppliedBy(values.keySet());
        if (updateColumns.isEmpty() || !values.keySet().containsAll(updateColumns)) {
            throw new IllegalArgumentException("update columns " + updateColumns + " must be non-empty and have values");
        }
        InsertedValues row = InsertedValues.of(table, values);
        String assignments = updateColumns.stream().map(Identifier::quoted)
                .map(column -> "%s = EXCLUDED.%s".formatted(column, column)).collect(Collectors.joining(", "));
        String current = updateColumns.stream().map(c -> "t." + Identifier.quoted(c)).collect(Collectors.joining(", "));
        String proposed = updateColumns.stream().map(c -> "EXCLUDED." + Identifier.quoted(c))
                .collect(Collectors.joining(", "));
        // xmax is 0 only on a freshly inserted row version; an updated one carries the ON CONFLICT row lock.
        Query upsert = new Query("""
                INSERT INTO %s AS t (%s) VALUES (%s)
                ON CONFLICT %s DO UPDATE SET %s
                WHERE (%s) IS DISTINCT FROM (%s)
                RETURNING *, (t.xmax = 0) AS "%s"
                """.formatted(table.name().quoted(), row.columns(), row.placeholders(), target.clause(),
                assignments, current, proposed, CREATED), row.parameters());
        Query existing = selectByKey(table, KeyPredicate.project(values, target.columns()));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Upserted<T>> written = guarded(values, () -> upsert.firstRow(connection, rs ->
                    new Upserted<>(mapper.map(rs), rs.getBoolean(CREATED) ? Outcome.CREATED : Outcome.UPDATED)));
            if (written.isPresent()) {
                return written.get();
            }
            Optional<T> unchanged = existing.firstRow(connection, mapper);
            if (unchanged.isPresent()) {
                return new Upserted<>(unchanged.get(), Outcome.UNCHANGED);
            }
        }
        throw new ConcurrentChangeException(table.name().toString(), ATTEMPTS);
    }

    private Query selectByKey(TableShape table, Map<String, ?> key) {
        KeyPredicate where = KeyPredicate.of(table, null, key);
        return new Query("SELECT * FROM %s WHERE %s".formatted(table.name().quoted(), where.sql()),
                new Parameters().addAll(where.values()));
    }

    private <R> R guarded(Map<String, ?> attempted, SqlWork<R> write) throws SQLException {
        try {
            return SavepointGuard.run(connection, write);
        } catch (SQLException e) {
            throw DuplicateKeys.typed(connection, e, attempted);
        }
    }
}
