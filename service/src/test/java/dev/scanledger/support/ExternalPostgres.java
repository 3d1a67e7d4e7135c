package dev.scanledger.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A PostgreSQL server the service did not start: it stands for an operator's database server.
 * Started once per test JVM, on first use, and stopped when the JVM exits.
 */
public final class ExternalPostgres {

    public static final String USERNAME = "postgres";
    private static EmbeddedPostgres server;

    private ExternalPostgres() {
    }

    public static synchronized String jdbcUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the external PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting; the data directory is temporary
                }
            }, "external-postgres-stop"));
        }
        return server.getJdbcUrl(USERNAME, "postgres");
    }

    /**
     * Points the service at the external server exactly as an operator would, by
     * {@code spring.datasource.url}, and clears the test profile's {@code scanledger.demo.enabled}
     * so demo mode follows its default.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                    "spring.datasource.url=" + jdbcUrl(),
                    "spring.datasource.username=" + USERNAME,
                    "spring.datasource.password=",
                    "scanledger.demo.enabled=").applyTo(context);
        }
    }
}
