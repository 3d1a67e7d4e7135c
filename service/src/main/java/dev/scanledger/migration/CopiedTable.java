package dev.scanledger.migration;

import java.util.List;

/**
 * One Django table and where it goes in Scanledger: how its rows are read (a SELECT list whose first
 * column is the row's id, streamed by COPY), the staging table they land in, the one statement that
 * writes a chunk of them, and how the two sides are compared row by row for --verify.
 *
 * <p>The merge statement takes one parameter, the ids the pre-flight skipped (bigint[]), and answers one
 * row: rows inserted, rows updated. Its INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE (values)
 * IS DISTINCT FROM (new values) writes a new row, rewrites a changed one, and leaves an unchanged one
 * alone, all in one race-free statement.
 *
 * <p>{@code indexesDeferredWhenEmpty}: into an empty target table, the rows are copied before its
 * secondary indexes are built ({@link DeferredIndexes}).
 */
record CopiedTable(
        String name,
        String sourceTable,
        String sourceColumns,
        String staging,
        String stagingColumns,
        String merge,
        String targetTable,
        boolean advancesLabels,
        boolean indexesDeferredWhenEmpty,
        Comparison comparison) {

    /** A copied column as each side shows it, rendered as text so the two sides compare equal. */
    record Column(String name, String source, String target) {
    }

    /**
     * The rows of each side to compare: {@code sourceFrom} (alias s) and {@code targetFrom} (alias t) where
     * {@code targetWhere}, keyed by {@code sourceKey} / {@code targetKey}, which order the same way on both.
     * {@code targetMayHaveMore}: rows only in Scanledger are expected (keys its own logins issue) and not a
     * difference.
     */
    record Comparison(String sourceFrom, String sourceKey, String targetFrom, String targetWhere, String targetKey,
            List<Column> columns, boolean targetMayHaveMore) {
    }
}
