package dev.scanledger.unique;

import java.sql.ResultSetMetaData;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ready-made row mappers. */
public final class Row {

    /**
     * Columns the toolkit appends to RETURNING lists for its own bookkeeping carry this prefix;
     * a dot cannot appear in an unquoted column name, so it never collides with a real column.
     */
    static final String INTERNAL_PREFIX = "unique.";

    /** Every column of the row by name, in result order, skipping the toolkit's own bookkeeping columns. */
    public static final RowMapper<Map<String, Object>> MAP = rs -> {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i);
            if (!label.startsWith(INTERNAL_PREFIX)) {
                row.put(label, rs.getObject(i));
            }
        }
        return row;
    };

    private Row() {
    }
}
