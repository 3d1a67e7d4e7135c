package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Locked read-modify-write (SELECT ... FOR UPDATE, then UPDATE) and lock-free conditional updates. */
final class RowLocks {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;

    RowLocks(Connection connection) {
        this.connection = connection;
    }

    <T> Optional<T> lock(String tableName, Map<String, ?> key, LockMode mode, RowMapper<T> mapper)
            throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("a row lock in autocommit mode ends with its SELECT; begin a transaction");
        }
        TableShape table = Catalog.table(connection, tableName);
        return translated(table, mode, null, () -> SavepointGuard.run(connection,
                () -> selectForUpdate(table, key, mode).firstRow(connection, mapper)));
    }

    <T> Optional<T> modify(String tableName, Map<String, ?> key, LockMode mode,
            UnaryOperator<Map<String, Object>> change, RowMapper<T> mapper) throws SQLException {
        TableShape table = Catalog.table(connection, tableName);
        Map<String, Object> changed = new LinkedHashMap<>();
        return translated(table, mode, changed, () -> OwnTransaction.run(connection, () -> {
            Optional<Map<String, Object>> locked = selectForUpdate(table, key, mode).firstRow(connection, Row.MAP);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> before = locked.get();
            Map<String, Object> after = change.apply(new LinkedHashMap<>(before));
            after.forEach((column, value) -> {
                if (!Objects.equals(before.get(column), value)) {
                    changed.put(column, value);
                }
            });
            KeyPredicate where = KeyPredicate.of(table, null, key);
            if (changed.isEmpty()) {
                return new Query("SELECT * FROM %s WHERE %s".formatted(table.name().quoted(), where.sql()),
                        new Parameters().addAll(where.values())).firstRow(connection, mapper);
            }
            return update(table, changed, where).firstRow(connection, mapper);
        }));
    }

    int updateIf(String tableName, Map<String, ?> set, Map<String, ?> key, String condition, Object... args)
            throws SQLException {
        TableShape table = Catalog.table(connection, tableName);
        KeyPredicate where = KeyPredicate.of(table, null, key);
        String extra = condition == null || condition.isBlank() ? "" : " AND (%s)".formatted(condition);
        Query update = new Query("UPDATE %s SET %s WHERE %s%s".formatted(table.name().quoted(), assignments(table, set),
                where.sql(), extra), new Parameters().addAll(new ArrayList<>(set.values()))
                .addAll(where.values()).addAll(Arrays.asList(args)));
        try {
            return SavepointGuard.run(connection, () -> update.update(connection));
        } catch (SQLException e) {
            throw DuplicateKeys.typed(connection, e, set);
        }
    }

    private Query selectForUpdate(TableShape table, Map<String, ?> key, LockMode mode) {
        KeyPredicate where = KeyPredicate.of(table, null, key);
        return new Query("SELECT * FROM %s WHERE %s %s".formatted(table.name().quoted(), where.sql(),
                mode.forUpdateClause()), new Parameters().addAll(where.values()));
    }

    private Query update(TableShape table, Map<String, ?> set, KeyPredicate where) {
        return new Query("UPDATE %s SET %s WHERE %s RETURNING *".formatted(table.name().quoted(),
                assignments(table, set), where.sql()),
                new Parameters().addAll(new ArrayList<>(set.values())).addAll(where.values()));
    }

    private static String assignments(TableShape table, Map<String, ?> set) {
        if (set.isEmpty()) {
            throw new IllegalArgumentException("nothing to update in " + table.name());
        }
        return set.keySet().stream().map(c -> "%s = %s".formatted(Identifier.quoted(c), table.parameterFor(c)))
                .collect(Collectors.joining(", "));
    }

    /** 55P03 means "lock not available" both for NOWAIT and for an expired lock_timeout; our mode tells them apart. */
    private <R> R translated(TableShape table, LockMode mode, Map<String, ?> attempted, SqlWork<R> work)
            throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw mode == LockMode.NOWAIT
                        ? new LockNotAvailableException(table.name().toString(), e)
                        : new LockTimeoutException(table.name().toString(), e);
            }
            throw DuplicateKeys.typed(connection, e, attempted);
        }
    }
}
