package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Insert-all: one INSERT ... SELECT FROM unnest(...) statement for the whole input, each column shipped as one
 * text array and cast to the column's type on the server. Duplicates inside the input are resolved in SQL
 * (lowest index wins), so the answer does not depend on how Java would compare the values.
 */
final class BulkInsert<T> {

    private static final String ORD = Row.INTERNAL_PREFIX + "ord";
    private static final String FIRST = Row.INTERNAL_PREFIX + "first";
    private static final String INSERTED = Row.INTERNAL_PREFIX + "inserted";

    private final Connection connection;
    private final TableShape table;
    private final ResolvedTarget target;
    private final List<String> columns;
    private final RowMapper<T> mapper;
    /** Input values as PostgreSQL text, by column then by input index. */
    private final String[][] text;
    private final RowOutcome<T>[] outcomes;

    @SuppressWarnings("unchecked")
    private BulkInsert(Connection connection, TableShape table, ResolvedTarget target, List<String> columns,
            List<? extends Map<String, ?>> rows, RowMapper<T> mapper) {
        this.connection = connection;
        this.table = table;
        this.target = target;
        this.columns = columns;
        this.mapper = mapper;
        this.text = new String[columns.size()][rows.size()];
        this.outcomes = new RowOutcome[rows.size()];
        for (int index = 0; index < rows.size(); index++) {
            Map<String, ?> row = rows.get(index);
            if (!row.keySet().equals(new HashSet<>(columns))) {
                throw new IllegalArgumentException("row %d has columns %s, row 0 has %s; all rows need the same columns"
                        .formatted(index, row.keySet(), columns));
            }
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c);
                Object value = row.get(column);
                if (value == null && target.columns().contains(column)) {
                    throw new IllegalArgumentException(("row %d: conflict key column %s is NULL; NULLs never conflict,"
                            + " insert such rows with insert()").formatted(index, column));
                }
                text[c][index] = TextValue.of(value);
            }
        }
    }

    static <T> List<RowOutcome<T>> run(Connection connection, String tableName, ConflictTarget conflictTarget,
            List<? extends Map<String, ?>> rows, RowMapper<T> mapper) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        TableShape table = Catalog.table(connection, tableName);
        ResolvedTarget target = conflictTarget.resolve(connection, table);
        List<String> columns = List.copyOf(rows.get(0).keySet());
        columns.forEach(table::typeOf);
        target.requireSuppliedBy(columns);
        return new BulkInsert<>(connection, table, target, columns, rows, mapper).run();
    }

    private List<RowOutcome<T>> run() throws SQLException {
        List<Integer> pending = new ArrayList<>(outcomes.length);
        for (int index = 0; index < outcomes.length; index++) {
            pending.add(index);
        }
        for (int attempt = 0; attempt < SingleRowWrites.ATTEMPTS; attempt++) {
            List<Integer> conflicted = insert(pending);
            // Rows whose conflicting row was deleted before we could read it get another try.
            pending = fetchExisting(conflicted);
            if (pending.isEmpty()) {
                return Arrays.asList(outcomes);
            }
        }
        throw new ConcurrentChangeException(table.name().toString(), SingleRowWrites.ATTEMPTS);
    }

    /** Inserts the pending rows; records Created and DuplicateInInput; returns first occurrences that conflicted. */
    private List<Integer> insert(List<Integer> pending) throws SQLException {
        String keys = Identifier.quotedNames(target.columns());
        String join = target.columns().stream().map(Identifier::quoted)
                .map(c -> "inserted.%s = ranked.%s".formatted(c, c)).collect(Collectors.joining(" AND "));
        String sql = """
                WITH input AS (
                    SELECT %s, i."%s"
                    FROM unnest(%s) WITH ORDINALITY AS i(%s, "%s")
                ), ranked AS (
                    SELECT input.*, min(input."%s") OVER (PARTITION BY %s) AS "%s"
                    FROM input
                ), inserted AS (
                    INSERT INTO %s (%s)
                    SELECT %s FROM ranked
                    WHERE ranked."%s" = ranked."%s"
                    ORDER BY %s
                    ON CONFLICT %s DO NOTHING
                    RETURNING *, true AS "%s"
                )
                SELECT inserted.*, ranked."%s", ranked."%s"
                FROM ranked LEFT JOIN inserted ON %s AND ranked."%s" = ranked."%s"
                ORDER BY ranked."%s"
                """.formatted(
                castColumns("i", columns), ORD,
                textArrays(columns.size()), Identifier.quotedNames(columns), ORD,
                ORD, keys, FIRST,
                table.name().quoted(), Identifier.quotedNames(columns),
                Identifier.quotedNames(columns),
                ORD, FIRST,
                keys,
                target.clause(),
                INSERTED,
                ORD, FIRST,
                join, ORD, FIRST,
                ORD);
        List<Integer> conflicted = new ArrayList<>();
        SavepointGuard.run(connection, () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                bindColumns(ps, columns, pending);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int index = pending.get(rs.getInt(ORD) - 1);
                        int first = pending.get(rs.getInt(FIRST) - 1);
                        if (index != first) {
                            outcomes[index] = new RowOutcome.DuplicateInInput<>(index, first);
                        } else if (rs.getObject(INSERTED) != null) {
                            outcomes[index] = new RowOutcome.Created<>(index, mapper.map(rs));
                        } else {
                            conflicted.add(index);
                        }
                    }
                }
            } catch (SQLException e) {
                // Which input row hit a constraint other than the target is unknown: values come from the detail text.
                throw DuplicateKeys.typed(connection, e, null);
            }
            return null;
        });
        return conflicted;
    }

    /** Records DuplicateOfExisting for the conflicted rows, reading all existing rows in one query; returns the misses. */
    private List<Integer> fetchExisting(List<Integer> conflicted) throws SQLException {
        if (conflicted.isEmpty()) {
            return List.of();
        }
        List<String> keys = target.columns();
        String join = keys.stream()
                .map(c -> "t.%s = CAST(k.%s AS %s)".formatted(Identifier.quoted(c), Identifier.quoted(c), table.typeOf(c)))
                .collect(Collectors.joining(" AND "));
        String sql = """
                SELECT t.*, k."%s"
                FROM unnest(%s) WITH ORDINALITY AS k(%s, "%s")
                JOIN %s AS t ON %s
                """.formatted(ORD, textArrays(keys.size()), Identifier.quotedNames(keys), ORD,
                table.name().quoted(), join);
        boolean[] found = new boolean[conflicted.size()];
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindColumns(ps, keys, conflicted);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int position = rs.getInt(ORD) - 1;
                    int index = conflicted.get(position);
                    found[position] = true;
                    outcomes[index] = new RowOutcome.DuplicateOfExisting<>(index, mapper.map(rs));
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int position = 0; position < found.length; position++) {
            if (!found[position]) {
                missing.add(conflicted.get(position));
            }
        }
        return missing;
    }

    private String castColumns(String alias, List<String> names) {
        return names.stream()
                .map(c -> "CAST(%s.%s AS %s) AS %s".formatted(alias, Identifier.quoted(c), table.typeOf(c),
                        Identifier.quoted(c)))
                .collect(Collectors.joining(", "));
    }

    private static String textArrays(int count) {
        return String.join(", ", Collections.nCopies(count, "CAST(? AS text[])"));
    }

    private void bindColumns(PreparedStatement ps, List<String> names, List<Integer> indices) throws SQLException {
        for (int n = 0; n < names.size(); n++) {
            String[] column = text[columns.indexOf(names.get(n))];
            String[] selected = new String[indices.size()];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = column[indices.get(i)];
            }
            ps.setArray(n + 1, connection.createArrayOf("text", selected));
        }
    }
}
