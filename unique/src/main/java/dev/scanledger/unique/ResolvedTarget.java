package dev.scanledger.unique;

import java.util.Collection;
import java.util.List;

/** A conflict target turned into SQL: the text after ON CONFLICT, and the key columns it covers. */
record ResolvedTarget(String clause, List<String> columns) {

    void requireSuppliedBy(Collection<String> suppliedColumns) {
        for (String column : columns) {
            if (!suppliedColumns.contains(column)) {
                throw new IllegalArgumentException("conflict key column " + column + " has no value");
            }
        }
    }
}
