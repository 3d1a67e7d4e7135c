package dev.scanledger.db;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the database answers, checked every {@code scanledger.db.availability.interval} (500 ms) on
 * one connection of its own, outside the pool: a pool exhausted by load does not read as a database
 * that is down, and a check never waits the pool's connection timeout. Shown as the {@code db}
 * health component (replacing Boot's, which asks the pool and can take that long), and part of the
 * readiness group: readiness goes DOWN within interval + 1 s of the database going away, and UP at
 * the first check that succeeds again. Liveness does not include it.
 */
@Component("dbHealthIndicator")
@ConditionalOnWebApplication
class DatabaseAvailability implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final HikariDataSource pool;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "db-availability");
        thread.setDaemon(true);
        return thread;
    });
    private Connection probe;
    private volatile boolean up = true;
    private volatile String lastError;

    DatabaseAvailability(DataSource dataSource, @Value("${scanledger.db.availability.interval:500ms}") Duration interval) {
        this.pool = unwrap(dataSource);
        check();
        checker.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The checks need the pool's URL and credentials; another pool type gets no check (always UP). */
    private static HikariDataSource unwrap(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public Health health() {
        return up ? Health.up().build() : Health.down().withDetail("error", String.valueOf(lastError)).build();
    }

    boolean isUp() {
        return up;
    }

    private synchronized void check() {
        if (pool == null) {
            return;
        }
        try {
            if (probe == null || probe.isClosed()) {
                probe = DriverManager.getConnection(pool.getJdbcUrl(), DataSourceStartup.probeProperties(pool));
            }
            try (Statement statement = probe.createStatement()) {
                statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                statement.execute("SELECT 1");
            }
            if (!up) {
                log.info("Database reachable again");
            }
            up = true;
        } catch (SQLException e) {
            closeProbe();
            if (up) {
                log.warn("Database unreachable: {} (readiness DOWN; requests answer 503 until it is back)", e.getMessage());
            }
            lastError = e.getMessage();
            up = false;
        }
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException e) {
                // already broken
            }
            probe = null;
        }
    }

    @PreDestroy
    synchronized void stop() {
        checker.shutdownNow();
        closeProbe();
    }
}
