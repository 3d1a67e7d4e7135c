package dev.scanledger.unique;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result set into a value; called once per row, never advances the cursor. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
}
