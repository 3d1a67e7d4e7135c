package dev.scanledger.unique;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code col = CAST(? AS type) AND ...} for a key given as column values; a NULL value matches with IS NULL,
 * so keys of NULLS NOT DISTINCT constraints are found too.
 */
record KeyPredicate(String sql, List<Object> values) {

    static KeyPredicate of(TableShape table, String alias, Map<String, ?> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one column");
        }
        String prefix = alias == null ? "" : alias + ".";
        List<Object> values = new ArrayList<>();
        String sql = key.entrySet().stream().map(entry -> {
            String column = prefix + Identifier.quoted(entry.getKey());
            if (entry.getValue() == null) {
                table.typeOf(entry.getKey());
                return column + " IS NULL";
            }
            values.add(entry.getValue());
            return column + " = " + table.parameterFor(entry.getKey());
        }).collect(Collectors.joining(" AND "));
        return new KeyPredicate(sql, List.copyOf(values));
    }

    static Map<String, Object> project(Map<String, ?> values, List<String> columns) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : columns) {
            key.put(column, values.get(column));
        }
        return key;
    }
}
