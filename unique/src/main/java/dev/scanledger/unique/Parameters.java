package dev.scanledger.unique;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Values for the ? placeholders of one statement, in order; each placeholder is already cast to its column type. */
final class Parameters {

    private final List<Object> values = new ArrayList<>();

    Parameters add(Object value) {
        values.add(value);
        return this;
    }

    Parameters addAll(List<?> more) {
        values.addAll(more);
        return this;
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (value instanceof Enum<?> constant) {
                ps.setString(i + 1, constant.name());
            } else {
                ps.setObject(i + 1, value);
            }
        }
    }
}
