package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One prepared statement with its parameters, executed and closed in one go. */
record Query(String sql, Parameters parameters) {

    <T> List<T> rows(Connection connection, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            parameters.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    <T> Optional<T> firstRow(Connection connection, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            parameters.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    int update(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            parameters.bind(ps);
            return ps.executeUpdate();
        }
    }
}
