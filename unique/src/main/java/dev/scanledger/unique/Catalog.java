package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Table shapes and unique-index columns read from pg_catalog, cached per database URL for the life of the process
 * (the toolkit assumes the schema does not change under a running application; {@link #forget()} drops the cache).
 */
final class Catalog {

    private static final ConcurrentMap<String, TableShape> TABLES = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, List<String>> INDEX_COLUMNS = new ConcurrentHashMap<>();

    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """;

    private static final String PRIMARY_KEY = """
            SELECT a.attname
            FROM pg_index i
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = to_regclass(?) AND i.indisprimary
            ORDER BY k.position
            """;

    /** A unique constraint is backed by an index of the same name, so one query covers constraints and bare indexes. */
    private static final String INDEX_KEY = """
            SELECT a.attname
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = to_regclass(?) AND ic.relname = ? AND i.indisunique
            ORDER BY k.position
            """;

    private Catalog() {
    }

    static TableShape table(Connection connection, String table) throws SQLException {
        TableName name = TableName.parse(table);
        String cacheKey = connection.getMetaData().getURL() + "|" + name;
        TableShape cached = TABLES.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
            ps.setString(1, name.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no table " + name);
        }
        TableShape shape = new TableShape(name, Collections.unmodifiableMap(types),
                strings(connection, PRIMARY_KEY, name.quoted()));
        TABLES.putIfAbsent(cacheKey, shape);
        return shape;
    }

    /** Key columns of the unique index (or unique constraint) {@code index} on {@code table}; empty if there is none. */
    static List<String> indexColumns(Connection connection, TableName table, String index) throws SQLException {
        String cacheKey = connection.getMetaData().getURL() + "|" + table + "|" + index;
        List<String> cached = INDEX_COLUMNS.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<String> columns = strings(connection, INDEX_KEY, table.quoted(), index);
        if (!columns.isEmpty()) {
            INDEX_COLUMNS.put(cacheKey, columns);
        }
        return columns;
    }

    static void forget() {
        TABLES.clear();
        INDEX_COLUMNS.clear();
    }

    private static List<String> strings(Connection connection, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<String> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
            return List.copyOf(result);
        }
    }
}
