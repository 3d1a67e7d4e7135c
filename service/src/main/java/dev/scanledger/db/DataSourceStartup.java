package dev.scanledger.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prepares the connection pool before anything uses it: names its connections after this instance
 * (see {@link StatementCanceller}), and, on an external database, waits for the database at start-up
 * instead of failing: a service started before its database (or during a database restart) retries
 * with exponential backoff, logging each attempt, and goes on with Flyway once it can connect.
 * {@code scanledger.db.startup.max-wait} bounds the wait (unset: no bound); operator commands wait
 * 30 s at most.
 */
@Component
class DataSourceStartup implements BeanPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(DataSourceStartup.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            pool.addDataSourceProperty("ApplicationName", StatementCanceller.APPLICATION_NAME);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && !NoDatabaseUrlConfigured.isEmbedded(environment)) {
            awaitReachable(pool);
        }
        return bean;
    }

    private void awaitReachable(HikariDataSource pool) {
        Duration maxWait = duration("scanledger.db.startup.max-wait", null);
        Duration maxBackoff = duration("scanledger.db.startup.max-backoff", Duration.ofSeconds(30));
        long started = System.nanoTime();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), probeProperties(pool))) {
                if (attempt > 1) {
                    log.info("Database {} reachable after {} attempts ({} s); starting", pool.getJdbcUrl(), attempt,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                }
                return;
            } catch (SQLException e) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                if (maxWait != null && waited.plus(backoff).compareTo(maxWait) > 0) {
                    throw new IllegalStateException("Database " + pool.getJdbcUrl() + " not reachable within " + maxWait, e);
                }
                log.warn("Database {} not reachable (attempt {}, {} s so far): {}; retrying in {} ms", pool.getJdbcUrl(), attempt,
                        waited.toSeconds(), e.getMessage(), backoff.toMillis());
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), maxBackoff);
            }
        }
    }

    /** The pool's own settings, with short connect and login timeouts so each attempt is quick. */
    static Properties probeProperties(HikariDataSource pool) {
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("loginTimeout", "2");
        properties.setProperty("socketTimeout", "2");
        properties.setProperty("ApplicationName", StatementCanceller.APPLICATION_NAME + "-probe");
        return properties;
    }

    private Duration duration(String property, Duration fallback) {
        String value = environment.getProperty(property);
        return value == null || value.isBlank() ? fallback : DurationStyle.detectAndParse(value);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}
