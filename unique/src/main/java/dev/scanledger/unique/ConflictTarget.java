package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The unique key a write may conflict on: a list of columns, or a constraint by name. */
public final class ConflictTarget {

    private final List<Identifier> columns;
    private final Identifier constraint;

    private ConflictTarget(List<Identifier> columns, Identifier constraint) {
        this.columns = columns;
        this.constraint = constraint;
    }

    public static ConflictTarget columns(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a conflict target needs at least one column");
        }
        return new ConflictTarget(Arrays.stream(columns).map(Identifier::new).toList(), null);
    }

    public static ConflictTarget constraint(String name) {
        return new ConflictTarget(null, new Identifier(name));
    }

    /** Columns and ON CONFLICT clause for this target on {@code table}; a constraint's columns come from the catalog. */
    ResolvedTarget resolve(Connection connection, TableShape table) throws SQLException {
        if (constraint == null) {
            columns.forEach(c -> table.typeOf(c.name()));
            return new ResolvedTarget("(%s)".formatted(Identifier.quotedList(columns)),
                    columns.stream().map(Identifier::name).toList());
        }
        List<String> resolved = Catalog.indexColumns(connection, table.name(), constraint.name());
        if (resolved.isEmpty()) {
            throw new IllegalArgumentException("no unique constraint " + constraint.name() + " on " + table.name());
        }
        return new ResolvedTarget("ON CONSTRAINT " + constraint.quoted(), resolved);
    }

    @Override
    public String toString() {
        return constraint == null ? "columns" + columns : "constraint " + constraint.name();
    }
}
