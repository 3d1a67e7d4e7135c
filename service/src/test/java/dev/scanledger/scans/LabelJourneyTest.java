package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Races;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Where each label is: its furthest phase and that scan's site, and GET /api/labels/{id}/journey/. */
@ApiTest
class LabelJourneyTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    Account driver;
    long distribution;
    long store;

    @BeforeEach
    void aDriverAndTheSitesOfATrip() {
        driver = fixtures.driver();
        distribution = fixtures.site(SiteKind.DISTRIBUTION);
        store = fixtures.site(SiteKind.STORE);
    }

    @Test
    void aNewLabelIsNowhereYet() {
        JsonNode label = labelView(fixtures.label());

        assertThat(label.get("furthest_phase").isNull()).isTrue();
        assertThat(label.get("furthest_site").isNull()).isTrue();
    }

    @Test
    void aFactoryScanPlacesTheLabelAtItsFactory() {
        long label = fixtures.label();
        scan(driver, label, 1);

        assertThat(labelView(label).get("furthest_phase").asInt()).isEqualTo(1);
        assertThat(labelView(label).get("furthest_site").asLong()).isEqualTo(factoryOf(label));
    }

    @Test
    void anUnknownPhaseSaysNothingAboutTheTrip() {
        long label = fixtures.label();
        scan(driver, label, 0);

        assertThat(labelView(label).get("furthest_phase").isNull()).isTrue();
    }

    @Test
    void aLateScanOfAnEarlierPhaseDoesNotMoveTheLabelBack() {
        long label = fixtures.label();
        scan(driver, label, 3);
        scan(driver, label, 2);

        assertThat(labelView(label).get("furthest_phase").asInt()).isEqualTo(3);
        assertThat(labelView(label).get("furthest_site").asLong()).isEqualTo(store);
    }

    @Test
    void correctingTheStoreOfTheFurthestScanMovesTheLabel() {
        long label = fixtures.label();
        long otherStore = fixtures.site(SiteKind.STORE);
        scan(driver, label, 3);

        api.put("/api/labels/%d/scans/3/".formatted(label)).token(driver.token()).json("{\"store\": %d}".formatted(otherStore)).send();

        assertThat(labelView(label).get("furthest_site").asLong()).isEqualTo(otherStore);
    }

    @Test
    void aManagersJourneyListsEveryDriversScansInPhaseOrder() {
        long label = fixtures.label();
        Account other = fixtures.driver();
        scan(driver, label, 3);
        scan(other, label, 1);
        scan(driver, label, 2);

        Api.Response journey = api.get("/api/labels/%d/journey/".formatted(label)).token(fixtures.account(Role.MANAGER).token()).send();

        assertThat(journey.status()).isEqualTo(200);
        assertThat(journey.json().get("label").get("id").asLong()).isEqualTo(label);
        assertThat(journey.json().get("label").get("furthest_phase").asInt()).isEqualTo(3);
        assertThat(journey.json().get("scans")).extracting(s -> s.get("phase").asInt()).containsExactly(1, 2, 3);
        assertThat(journey.json().get("scans").get(0).get("user").get("username").asString()).isEqualTo(other.username());
    }

    @Test
    void aDriversJourneyShowsOnlyTheirOwnScans() {
        long label = fixtures.label();
        Account other = fixtures.driver();
        scan(driver, label, 3);
        scan(other, label, 1);
        scan(driver, label, 2);

        Api.Response mine = api.get("/api/labels/%d/journey/".formatted(label)).token(driver.token()).send();
        Api.Response stranger = api.get("/api/labels/%d/journey/".formatted(label)).token(fixtures.driver().token()).send();

        assertThat(mine.json().get("scans")).extracting(s -> s.get("phase").asInt()).containsExactly(2, 3);
        assertThat(mine.json().get("scans")).extracting(s -> s.get("user").get("username").asString()).containsOnly(driver.username());
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.json().get("scans")).isEmpty();
    }

    @Test
    void theJourneyOfAnUnknownLabelIsNotFound() {
        assertThat(api.get("/api/labels/99999999/journey/").token(driver.token()).send().status()).isEqualTo(404);
    }

    /** Scans of all three phases of each label arrive together; the furthest must win every time. */
    @RepeatedTest(5)
    void scansOfDifferentPhasesArrivingTogetherLeaveTheFurthest() throws Exception {
        List<Long> labels = fixtures.labels(20);
        List<Account> drivers = List.of(driver, fixtures.driver(), fixtures.driver());
        for (long label : labels) {
            List<Callable<Api.Response>> requests = new ArrayList<>();
            for (int phase = 1; phase <= 3; phase++) {
                Api.Call call = scanCall(api.newConnection(), drivers.get(phase - 1), label, phase);
                requests.add(call::send);
            }
            assertThat(Races.together(requests)).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        }

        List<Long> furthest = jdbc.sql("SELECT furthest_phase FROM labels WHERE id = ANY(:ids)")
                .param("ids", labels.toArray(Long[]::new)).query(Long.class).list();
        List<Long> sites = jdbc.sql("SELECT furthest_site_id FROM labels WHERE id = ANY(:ids)")
                .param("ids", labels.toArray(Long[]::new)).query(Long.class).list();
        assertThat(furthest).hasSize(20).containsOnly(3L);
        assertThat(sites).containsOnly(store);
    }

    private void scan(Account account, long label, int phase) {
        assertThat(scanCall(api, account, label, phase).send().status()).isEqualTo(201);
    }

    private Api.Call scanCall(Api client, Account account, long label, int phase) {
        String sites = switch (phase) {
            case 2 -> ", \"distribution\": " + distribution;
            case 3 -> ", \"store\": " + store;
            default -> "";
        };
        return client.post("/api/scans/").token(account.token()).json("{\"label\": %d, \"phase\": %d%s}".formatted(label, phase, sites));
    }

    private JsonNode labelView(long label) {
        return api.get("/api/labels/%d/".formatted(label)).token(driver.token()).send().json();
    }

    private long factoryOf(long label) {
        return jdbc.sql("SELECT factory_id FROM labels WHERE id = :id").param("id", label).query(Long.class).single();
    }
}
