package dev.scanledger.unique;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which unique constraint a write violated, on which columns, with which key values.
 * {@code values} come from the row the caller tried to write when known, else from the server's detail text.
 */
public record DuplicateKey(String table, String constraint, List<String> columns, Map<String, Object> values) {
    public DuplicateKey {
        columns = List.copyOf(columns);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
