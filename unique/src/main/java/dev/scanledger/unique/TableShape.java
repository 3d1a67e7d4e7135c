package dev.scanledger.unique;

import java.util.List;
import java.util.Map;

/** What the catalog says about a table: its columns with their SQL types, and its primary key. */
record TableShape(TableName name, Map<String, String> columnTypes, List<String> primaryKey) {

    /** The column's type as format_type spells it, usable in CAST; unknown columns are rejected. */
    String typeOf(String column) {
        String type = columnTypes.get(new Identifier(column).name());
        if (type == null) {
            throw new IllegalArgumentException("table " + name + " has no column " + column);
        }
        return type;
    }

    /** {@code CAST(? AS type)}: every parameter is cast to its column's type, so any Java value with a text form binds. */
    String parameterFor(String column) {
        return "CAST(? AS %s)".formatted(typeOf(column));
    }
}
