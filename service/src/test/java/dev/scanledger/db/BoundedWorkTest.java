package dev.scanledger.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scanledger.support.ApiTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A single statement of a kind of work ({@link BoundedWork#statement}) carries that kind's limits in its
 * own round trip, and they end with it.
 */
@ApiTest
class BoundedWorkTest {

    private static final String LIMITS_IN_FORCE = """
            SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock, txid_current() AS transaction
            """;

    @Autowired
    BoundedWork work;
    @Autowired
    DatabaseTimeouts timeouts;
    @Autowired
    DataSource dataSource;

    record InForce(String statement, String lock, long transaction) {
    }

    @Test
    void aStatementOutsideATransactionRunsUnderTheLimitsOfItsKind() {
        InForce inForce = limitsInForce(WorkKind.CREATE);

        assertThat(inForce.statement()).isEqualTo(postgresFormat(timeouts.of(WorkKind.CREATE).statement()));
        assertThat(inForce.lock()).isEqualTo(postgresFormat(timeouts.of(WorkKind.CREATE).lock()));
    }

    @Test
    void theLimitsEndWithTheStatementAndLeaveTheConnectionAsItWas() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            String before = setting(connection, "statement_timeout") + " " + setting(connection, "lock_timeout");

            InForce inForce = onConnection(connection, () -> limitsInForce(WorkKind.CREATE));

            assertThat(inForce.statement()).isEqualTo(postgresFormat(timeouts.of(WorkKind.CREATE).statement()));
            assertThat(setting(connection, "statement_timeout") + " " + setting(connection, "lock_timeout")).isEqualTo(before);
        }
    }

    @Test
    void aStatementOverItsLimitIsCancelled() {
        BoundedWork limited = StandaloneBoundedWork.over(dataSource, Duration.ofMillis(200));

        assertThatThrownBy(() -> limited.statement(WorkKind.CREATE, 1, "SELECT pg_sleep(5)", new MapSqlParameterSource(), (rs, n) -> n))
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("57014"));
    }

    @Test
    void insideACallersTransactionTheStatementJoinsItUnderTheSameLimits() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        List<Long> transactions = transaction.execute(status -> List.of(
                work.run(WorkKind.READ, () -> limitsInForce(WorkKind.READ).transaction()),
                limitsInForce(WorkKind.CREATE).transaction()));

        assertThat(transactions.get(1)).isEqualTo(transactions.get(0));
    }

    private InForce limitsInForce(WorkKind kind) {
        return work.statement(kind, 1, LIMITS_IN_FORCE, new MapSqlParameterSource(),
                (rs, n) -> new InForce(rs.getString("statement"), rs.getString("lock"), rs.getLong("transaction"))).get(0);
    }

    /** Runs {@code work} with {@code connection} as the thread's connection, outside any transaction. */
    private <T> T onConnection(Connection connection, Callable<T> work) throws Exception {
        TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(connection));
        try {
            return work.call();
        } finally {
            TransactionSynchronizationManager.unbindResource(dataSource);
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** As PostgreSQL shows a time setting given in milliseconds: 5000ms is "5s", 1500ms stays "1500ms". */
    private static String postgresFormat(Duration limit) {
        long millis = limit.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
