package dev.scanledger.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Keeps a table's identity sequence past the ids the copy writes, so rows Scanledger creates never take
 * an id Django already used. Moved before a table is copied (past Django's highest id, so a request
 * served meanwhile takes an id beyond every copied one) and after (past the highest id written).
 */
final class IdentitySequences {

    private final DataSource target;

    IdentitySequences(DataSource target) {
        this.target = target;
    }

    /**
     * Moves the sequence of {@code table}.id so that the next id is above {@code id} and above every id in
     * the table; never backwards. The table is locked against inserts (SHARE ROW EXCLUSIVE, a moment) while
     * the sequence is read and set, so no insert can take an id in between and see its value reused.
     */
    void movePast(String table, long id) throws SQLException {
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '30s'");
                statement.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
                String sequence;
                long highest;
                try (ResultSet rs = statement.executeQuery(
                        "SELECT pg_get_serial_sequence('" + table + "', 'id'), coalesce(max(id), 0) FROM " + table)) {
                    rs.next();
                    sequence = rs.getString(1);
                    highest = Math.max(id, rs.getLong(2));
                }
                long next;
                try (ResultSet rs = statement.executeQuery("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + sequence)) {
                    rs.next();
                    next = rs.getLong(1);
                }
                if (next <= highest) {
                    try (PreparedStatement set = connection.prepareStatement("SELECT setval(?, ?)")) {
                        set.setString(1, sequence);
                        set.setLong(2, highest);
                        set.executeQuery().close();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
