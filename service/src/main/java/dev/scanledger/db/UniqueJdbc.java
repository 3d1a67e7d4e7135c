package dev.scanledger.db;

import dev.scanledger.unique.Unique;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * Runs a uniqueness-toolkit call on the connection of the current Spring transaction (or a pooled
 * one outside a transaction), with failures translated like every other JDBC call of the service.
 */
@Component
public class UniqueJdbc {

    private final DataSource dataSource;
    private final SQLExceptionTranslator translator;

    UniqueJdbc(DataSource dataSource, JdbcTemplate jdbcTemplate) {
        this.dataSource = dataSource;
        this.translator = jdbcTemplate.getExceptionTranslator();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Unique unique) throws SQLException;
    }

    public <T> T run(String task, Work<T> work) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return work.run(Unique.on(connection));
        } catch (SQLException e) {
            RuntimeException translated = translator.translate(task, null, e);
            throw translated != null ? translated : new IllegalStateException(task, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
