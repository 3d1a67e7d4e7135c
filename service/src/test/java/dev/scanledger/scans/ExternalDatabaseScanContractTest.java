package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.db.EmbeddedServer;
import dev.scanledger.support.ExternalDatabaseApiTest;
import dev.scanledger.support.ExternalPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The same scan contract against a PostgreSQL given to the service by {@code spring.datasource.url}. */
@ExternalDatabaseApiTest
class ExternalDatabaseScanContractTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;

    @Test
    void theServiceUsesTheConfiguredDatabaseAndStartsNoneOfItsOwn() {
        assertThat(context.getBeanNamesForType(EmbeddedServer.class)).isEmpty();
        assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class,
                hikari -> assertThat(hikari.getJdbcUrl()).isEqualTo(ExternalPostgres.jdbcUrl()));
    }

    @Test
    void noDemoDataIsCreatedOnAnExternalDatabase() {
        // not vacuous: demo mode is left to its default here, not switched off as in the test profile
        assertThat(environment.getProperty("scanledger.demo.enabled", Boolean.class)).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE username IN ('driver1', 'driver2', 'manager1')")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM sites WHERE name LIKE 'Demo %'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE code LIKE 'DEMO-%'").query(Long.class).single()).isZero();
    }

    @Nested
    class Create extends ScanCreateContract {
    }

    @Nested
    class Validation extends ScanValidationContract {
    }

    @Nested
    class RequestBodies extends ScanRequestBodyContract {
    }

    @Nested
    class LabelImages extends ScanImageContract {
    }

    @Nested
    class Duplicates extends ScanDuplicateContract {
    }

    @Nested
    class Retrieve extends ScanRetrieveContract {
    }

    @Nested
    class ListScans extends ScanListContract {
    }
}
