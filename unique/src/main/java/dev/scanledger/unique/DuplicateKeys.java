package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Recognises unique violations by SQLSTATE and names them from the server's structured error fields and the catalog,
 * never from the (translatable) message text, except for the key values when the caller's values are unknown.
 */
public final class DuplicateKeys {

    static final String UNIQUE_VIOLATION = "23505";

    /** {@code Key (a, b)=(1, x) already exists.}: the only part of the detail text that carries the values. */
    private static final Pattern DETAIL = Pattern.compile("\\((.*)\\)=\\((.*)\\)");

    private DuplicateKeys() {
    }

    /** True if {@code failure} or anything in its cause / next-exception chain is a unique violation. */
    public static boolean isUniqueViolation(Throwable failure) {
        return uniqueViolation(failure).isPresent();
    }

    /** The violated key, if {@code failure} (or its cause chain) is a unique violation reported by PostgreSQL. */
    public static Optional<DuplicateKey> identify(Connection connection, Throwable failure) {
        if (failure instanceof DuplicateKeyException known) {
            return Optional.of(known.duplicateKey());
        }
        return uniqueViolation(failure).map(violation -> describe(connection, violation, null));
    }

    /** Unique violations become {@link DuplicateKeyException} carrying the values the caller tried to write. */
    static SQLException typed(Connection connection, SQLException failure, Map<String, ?> attempted) {
        if (failure instanceof DuplicateKeyException) {
            return failure;
        }
        Optional<SQLException> violation = uniqueViolation(failure);
        if (violation.isEmpty()) {
            return failure;
        }
        return new DuplicateKeyException(describe(connection, violation.get(), attempted), failure);
    }

    private static Optional<SQLException> uniqueViolation(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (current instanceof SQLException sql) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return Optional.of(sql);
                }
                if (sql.getNextException() != null) {
                    pending.add(sql.getNextException());
                }
            }
            if (current.getCause() != null) {
                pending.add(current.getCause());
            }
        }
        return Optional.empty();
    }

    private static DuplicateKey describe(Connection connection, SQLException violation, Map<String, ?> attempted) {
        ServerErrorMessage server = violation instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String table = server == null ? null : server.getTable();
        String schema = server == null ? null : server.getSchema();
        String constraint = server == null ? null : server.getConstraint();
        String detail = server == null ? null : server.getDetail();

        List<String> columns = catalogColumns(connection, schema, table, constraint);
        Map<String, Object> values = new LinkedHashMap<>();
        if (!columns.isEmpty() && attempted != null && attempted.keySet().containsAll(columns)) {
            columns.forEach(column -> values.put(column, attempted.get(column)));
        } else {
            Map<String, Object> fromDetail = parseDetail(detail);
            if (columns.isEmpty()) {
                columns = List.copyOf(fromDetail.keySet());
            }
            values.putAll(fromDetail);
        }
        return new DuplicateKey(table, constraint, columns, values);
    }

    /** Empty when the catalog cannot be asked, e.g. because the caller's transaction is already aborted. */
    private static List<String> catalogColumns(Connection connection, String schema, String table, String constraint) {
        if (connection == null || table == null || constraint == null) {
            return List.of();
        }
        try {
            TableName name = new TableName(schema == null ? null : new Identifier(schema), new Identifier(table));
            return Catalog.indexColumns(connection, name, constraint);
        } catch (SQLException | IllegalArgumentException unavailable) {
            return List.of();
        }
    }

    /** Last resort: split the detail text. Values are strings, and a value containing ", " defeats the split. */
    static Map<String, Object> parseDetail(String detail) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (detail == null) {
            return values;
        }
        Matcher matcher = DETAIL.matcher(detail);
        if (!matcher.find()) {
            return values;
        }
        List<String> columns = Arrays.asList(matcher.group(1).split(", "));
        List<String> parts = Arrays.asList(matcher.group(2).split(", ", -1));
        if (columns.size() == 1) {
            values.put(columns.get(0), matcher.group(2));
        } else if (parts.size() == columns.size()) {
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), parts.get(i));
            }
        }
        return values;
    }
}
