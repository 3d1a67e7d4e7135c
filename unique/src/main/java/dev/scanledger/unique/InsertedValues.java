package dev.scanledger.unique;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The column list and VALUES placeholders of a one-row INSERT, checked against the table's columns. */
record InsertedValues(String columns, String placeholders, List<Object> values) {

    static InsertedValues of(TableShape table, Map<String, ?> row) {
        if (row.isEmpty()) {
            throw new IllegalArgumentException("nothing to insert into " + table.name());
        }
        String placeholders = row.keySet().stream().map(table::parameterFor).collect(Collectors.joining(", "));
        return new InsertedValues(Identifier.quotedNames(row.keySet()), placeholders,
                Collections.unmodifiableList(new ArrayList<>(row.values())));
    }

    Parameters parameters() {
        return new Parameters().addAll(values);
    }
}
