package dev.scanledger.db;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** {@link BoundedWork} over a database of a test's own, outside the service's context. */
public final class StandaloneBoundedWork {

    private StandaloneBoundedWork() {
    }

    /** The service's default limits (5 s per create statement, 1 s per lock), with lanes wide enough for any test's race. */
    public static BoundedWork over(DataSource dataSource) {
        return over(dataSource, Duration.ofSeconds(5));
    }

    /** Every kind's statements limited to {@code statementLimit}, its lock waits to 1 s. */
    public static BoundedWork over(DataSource dataSource, Duration statementLimit) {
        Map<WorkKind, DatabaseTimeouts.Limits> timeouts = new EnumMap<>(WorkKind.class);
        Map<WorkKind, WorkLanes.Limits> lanes = new EnumMap<>(WorkKind.class);
        for (WorkKind kind : WorkKind.values()) {
            timeouts.put(kind, new DatabaseTimeouts.Limits(statementLimit, Duration.ofSeconds(1)));
            lanes.put(kind, new WorkLanes.Limits(256, 256, Duration.ofSeconds(10)));
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new BoundedWork(jdbc, new NamedParameterJdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource),
                new DatabaseTimeouts(timeouts), new WorkLanes(lanes), new StatementCanceller(jdbc));
    }
}
