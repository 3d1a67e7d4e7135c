package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the one-behaviour tests: an autocommit connection to the shared PostgreSQL and a Unique on it. */
@ExtendWith(SharedPostgres.class)
abstract class OnPostgres {

    protected Connection connection;
    protected Unique unique;

    @BeforeEach
    void openConnection() throws SQLException {
        connection = SharedPostgres.connect();
        unique = Unique.on(connection);
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    /** An ordered column-to-value map that, unlike Map.of, keeps NULLs: {@code values("label", "A", "phase", 1)}. */
    static Map<String, Object> values(Object... columnsAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return values;
    }
}
