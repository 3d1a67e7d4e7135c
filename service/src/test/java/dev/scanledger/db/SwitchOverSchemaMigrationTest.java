package dev.scanledger.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.support.ApiTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V5 (the switch-over schema) on a Scanledger database that already holds rows from V1 to V4, as an
 * operator's existing deployment would: what the API showed stays, and the new rules hold.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwitchOverSchemaMigrationTest {

    static final String DATABASE = "scanledger_before_v5";

    @Autowired
    DataSource testDatabase;

    String serverUrl;
    SingleConnectionDataSource database;
    JdbcClient jdbc;

    /** Migrated once to V4, filled, then to the latest version; each test adds rows of its own. */
    @BeforeAll
    void aDatabaseAtV4WithRowsMigratedToTheLatest() throws SQLException {
        serverUrl = ((HikariDataSource) testDatabase).getJdbcUrl();
        try (Connection server = DriverManager.getConnection(serverUrl, "postgres", ""); Statement sql = server.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + DATABASE);
        }
        database = new SingleConnectionDataSource(serverUrl.replaceFirst("/postgres(\\?|$)", "/" + DATABASE + "$1"), "postgres", "", true);
        flyway("4").migrate();
        jdbc = JdbcClient.create(database);
        jdbc.sql("""
                INSERT INTO sites (kind, name) VALUES ('factory', 'F'), ('distribution', 'D'), ('store', 'S');
                INSERT INTO users (username, password_hash, role) VALUES ('driver', '{noop}x', 'driver');
                INSERT INTO labels (factory_id, code) VALUES (1, 'L-1'), (1, 'L-2');
                INSERT INTO scans (user_id, label_id, phase, distribution_id) VALUES (1, 1, 1, NULL), (1, 1, 2, 2), (1, 2, 1, NULL);
                """).update();
        flyway("latest").migrate();
    }

    @AfterAll
    void dropIt() throws SQLException {
        database.destroy();
        try (Connection server = DriverManager.getConnection(serverUrl, "postgres", ""); Statement sql = server.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(database).locations("classpath:db/migration").target(target).load();
    }

    @Test
    void existingSitesAndLabelsKeepTheirIdsAndFurthestSites() {
        assertThat(jdbc.sql("SELECT kind || ':' || id FROM sites WHERE name IN ('F', 'D', 'S') ORDER BY id").query(String.class).list())
                .containsExactly("factory:1", "distribution:2", "store:3");
        assertThat(jdbc.sql("SELECT furthest_phase || '/' || furthest_site_id || '/' || furthest_site_kind FROM labels WHERE id <= 2 ORDER BY id")
                .query(String.class).list()).containsExactly("2/2/distribution", "1/1/factory");
    }

    @Test
    void afterV5EachKindHasItsOwnIdsAndNewSitesStillGetFreshOnes() {
        jdbc.sql("INSERT INTO sites (kind, id, name) OVERRIDING SYSTEM VALUE VALUES ('store', 2, 'Store with a distribution centre''s id')").update();
        long created = jdbc.sql("INSERT INTO sites (kind, name) VALUES ('store', 'New') RETURNING id").query(Long.class).single();

        assertThat(created).isGreaterThan(3);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO sites (kind, id, name) OVERRIDING SYSTEM VALUE VALUES ('store', 2, 'Again')").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageMatching("(?s).*(sites_pkey|sites_id_kind_key).*");
    }

    @Test
    void afterV5ALabelMayLackAFactoryAndAUserMayHaveNoRole() {
        jdbc.sql("INSERT INTO labels (factory_id, code) VALUES (NULL, 'LOOSE')").update();
        jdbc.sql("INSERT INTO users (username, password_hash, role) VALUES ('office', '{noop}x', 'none')").update();

        assertThatThrownBy(() -> jdbc.sql("INSERT INTO labels (factory_id, code) VALUES (NULL, 'LOOSE')").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("labels_code_without_factory_key");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO users (username, password_hash, role) VALUES ('x', '{noop}x', 'nobody')").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("users_role_check");
    }

    @Test
    void afterV5AFurthestSiteMustNameASiteOfTheRightKind() {
        // store 3 exists, but no distribution centre 3
        assertThatThrownBy(() -> jdbc.sql("UPDATE labels SET furthest_phase = 2, furthest_site_id = 3, furthest_site_kind = 'distribution' WHERE id = 2")
                .update()).isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("labels_furthest_site_fkey");
        assertThatThrownBy(() -> jdbc.sql("UPDATE labels SET furthest_phase = 3, furthest_site_id = 3, furthest_site_kind = NULL WHERE id = 2")
                .update()).isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("labels_furthest_site_named_check");
    }
}
