package dev.scanledger.db;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Starts PostgreSQL inside the service when no database URL is configured, so a fresh machine
 * needs nothing installed. An operator command run while the service is up uses that service's
 * server ({@code scanledger.embedded.join-running}); a second service on the same data directory is
 * refused with a clear message. Boot's own DataSource auto-configuration backs off because this one
 * defines the DataSource; Flyway and JdbcClient use it unchanged.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatabaseUrlConfigured.class)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedServer embeddedServer(@Value("${scanledger.embedded.data-dir:}") String dataDir,
                                  @Value("${scanledger.embedded.durable:true}") boolean durable,
                                  @Value("${scanledger.embedded.join-running:false}") boolean joinRunning) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // zonky turns these off for test speed; a service that answers 201 must have the row on disk.
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .setServerConfig("max_connections", "200");
        if (StringUtils.hasText(dataDir)) {
            Path directory = Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(directory);
            Optional<Postmaster> running = Postmaster.runningOn(directory);
            if (running.isPresent() && running.get().isOrphaned()) {
                running.get().stop();
            } else if (running.isPresent() && joinRunning) {
                log.info("Using the embedded PostgreSQL of the running service (pid {}, port {})", running.get().pid(), running.get().port());
                return EmbeddedServer.joined(running.get());
            } else if (running.isPresent()) {
                throw new IllegalStateException(("The data directory %s is in use by the PostgreSQL of a running Scanledger"
                        + " (postmaster pid %d). Stop that service first, or set SCANLEDGER_DATA_DIR to another directory.")
                        .formatted(directory, running.get().pid()));
            }
            builder.setDataDirectory(directory).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = builder.start();
        if (StringUtils.hasText(dataDir)) {
            Postmaster.claim(Path.of(dataDir).toAbsolutePath());
        }
        log.info("Embedded PostgreSQL on port {} (durable commits: {}, data: {})",
                postgres.getPort(), durable, StringUtils.hasText(dataDir) ? dataDir : "temporary");
        return EmbeddedServer.started(postgres);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedServer server) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(server.jdbcUrl())
                .username("postgres")
                .password("")
                .build();
    }
}
