package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Finds existing rows that would stop a new unique constraint on some columns from being created. */
final class DuplicateFinder {

    private static final String COUNT = Row.INTERNAL_PREFIX + "count";

    private final Connection connection;

    DuplicateFinder(Connection connection) {
        this.connection = connection;
    }

    List<DuplicateGroup> find(String tableName, List<String> columns) throws SQLException {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("findDuplicates needs at least one column");
        }
        TableShape table = Catalog.table(connection, tableName);
        columns.forEach(table::typeOf);
        List<String> primaryKey = table.primaryKey();
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("table " + table.name() + " has no primary key to identify rows by");
        }
        String keys = Identifier.quotedNames(columns);
        // Rows with a NULL in the key never violate a unique constraint (NULLs are distinct), so they are left out.
        String notNull = columns.stream().map(c -> Identifier.quoted(c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        int width = columns.size() + primaryKey.size();
        String order = IntStream.rangeClosed(1, width).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        Query query = new Query("""
                SELECT * FROM (
                    SELECT %s, %s, count(*) OVER (PARTITION BY %s) AS "%s"
                    FROM %s
                    WHERE %s
                ) candidates
                WHERE "%s" > 1
                ORDER BY %s
                """.formatted(keys, Identifier.quotedNames(primaryKey), keys, COUNT, table.name().quoted(), notNull,
                COUNT, order), new Parameters());
        List<Object[]> rows = query.rows(connection, rs -> {
            Object[] row = new Object[width + 1];
            for (int i = 0; i <= width; i++) {
                row[i] = rs.getObject(i + 1);
            }
            return row;
        });
        return group(rows, columns.size(), primaryKey.size());
    }

    /** Rows arrive ordered by key, so each group is a run of equal keys. */
    private static List<DuplicateGroup> group(List<Object[]> rows, int keyWidth, int idWidth) {
        List<DuplicateGroup> groups = new ArrayList<>();
        List<Object> key = null;
        List<Object> ids = new ArrayList<>();
        long count = 0;
        for (Object[] row : rows) {
            List<Object> rowKey = Arrays.asList(row).subList(0, keyWidth);
            if (!Objects.equals(rowKey, key)) {
                if (key != null) {
                    groups.add(new DuplicateGroup(key, count, ids));
                }
                key = rowKey;
                ids = new ArrayList<>();
                count = ((Number) row[keyWidth + idWidth]).longValue();
            }
            List<Object> id = Arrays.asList(row).subList(keyWidth, keyWidth + idWidth);
            ids.add(idWidth == 1 ? id.get(0) : List.copyOf(id));
        }
        if (key != null) {
            groups.add(new DuplicateGroup(key, count, ids));
        }
        return groups;
    }
}
