package dev.scanledger.demo;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo world, created on the shared test database (demo startup itself is off in tests). */
@ApiTest
class DemoDataTest {

    @Autowired
    DemoData demo;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Api api;
    @Value("${scanledger.demo.password:demo}")
    String demoPassword;

    record Counts(long sites, long users, long labels) {
    }

    private Counts counts(DemoData.World world) {
        return new Counts(
                jdbc.sql("SELECT count(*) FROM sites WHERE name IN ('Demo Factory', 'Demo Distribution Centre', 'Demo Store')")
                        .query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM users WHERE username IN ('driver1', 'driver2', 'manager1')").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :f").param("f", world.factoryId()).query(Long.class).single());
    }

    @Test
    void creatingTheDemoWorldTwiceChangesNothing() {
        DemoData.World first = demo.create();
        Counts afterFirst = counts(first);

        DemoData.World second = demo.create();

        assertThat(second).isEqualTo(first);
        assertThat(counts(second)).isEqualTo(afterFirst).isEqualTo(new Counts(3, 3, DemoData.LABEL_COUNT));
    }

    @Test
    void theDemoDriverLogsInWithTheDemoPasswordAndMayScan() {
        demo.create();

        Api.Response login = api.post("/api/auth/token/")
                .json("{\"username\": \"driver1\", \"password\": \"%s\"}".formatted(demoPassword)).send();

        assertThatResponse(login).hasStatus(200);
        assertThatResponse(api.get("/api/scans/").token(login.json().get("token").asString()).send()).hasStatus(200);
    }

    @Test
    void theDemoManagerMayNotScan() {
        demo.create();

        Api.Response login = api.post("/api/auth/token/")
                .json("{\"username\": \"manager1\", \"password\": \"%s\"}".formatted(demoPassword)).send();

        assertThatResponse(api.get("/api/scans/").token(login.json().get("token").asString()).send()).hasStatus(403);
    }

    @Test
    void theDemoDriverTokenIsAFreshWorkingKey() {
        DemoData.World world = demo.create();

        String token = demo.driverToken(world);

        assertThatResponse(api.get("/api/scans/").token(token).send()).hasStatus(200);
    }
}
