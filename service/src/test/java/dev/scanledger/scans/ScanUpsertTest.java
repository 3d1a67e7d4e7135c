package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import dev.scanledger.support.Races;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** PUT /api/labels/{label}/scans/{phase}/: create or update a scan by its natural key. */
@ApiTest
class ScanUpsertTest {

    static final String DUPLICATE = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    Account driver;
    long label;
    long distribution;

    @BeforeEach
    void aDriverALabelAndADistributionCentre() {
        driver = fixtures.driver();
        label = fixtures.label();
        distribution = fixtures.site(SiteKind.DISTRIBUTION);
    }

    @Nested
    class Writes {

        @Test
        void theFirstPutCreatesTheScanWith201() {
            Api.Response created = put(driver, 2, "{\"distribution\": %d}".formatted(distribution));

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("label").asLong()).isEqualTo(label);
            assertThat(created.json().get("phase").asInt()).isEqualTo(2);
            assertThat(created.json().get("distribution").asLong()).isEqualTo(distribution);
            assertThat(created.json().get("user").get("username").asString()).isEqualTo(driver.username());
        }

        @Test
        void repeatingThePutChangesNothing() {
            Api.Response created = put(driver, 2, "{\"distribution\": %d}".formatted(distribution));

            Api.Response repeated = put(driver, 2, "{\"distribution\": %d}".formatted(distribution));

            assertThat(repeated.status()).isEqualTo(200);
            assertThat(repeated.text()).isEqualTo(created.text());
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void aChangedFieldUpdatesTheScanWith200() {
            Api.Response created = put(driver, 2, "{\"label_coordinate\": {\"x\": 1}}");

            Api.Response updated = put(driver, 2, "{\"label_coordinate\": {\"x\": 2}}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("id").asLong()).isEqualTo(created.json().get("id").asLong());
            assertThat(updated.json().get("label_coordinate").get("x").asInt()).isEqualTo(2);
            assertThat(updated.json().get("updated_date").asString()).isGreaterThan(created.json().get("updated_date").asString());
            assertThat(updated.json().get("created_date").asString()).isEqualTo(created.json().get("created_date").asString());
        }

        @Test
        void aFieldLeftOutKeepsItsValue() {
            put(driver, 2, "{\"distribution\": %d, \"label_coordinate\": {\"x\": 1}}".formatted(distribution));

            Api.Response updated = put(driver, 2, "{\"label_coordinate\": {\"x\": 2}}");

            assertThat(updated.json().get("distribution").asLong()).isEqualTo(distribution);
        }

        @Test
        void anExplicitNullClearsAField() {
            put(driver, 2, "{\"distribution\": %d}".formatted(distribution));

            Api.Response updated = put(driver, 2, "{\"distribution\": null}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("distribution").isNull()).isTrue();
        }

        @Test
        void labelAndPhaseComeFromTheUrlNotTheBody() {
            long otherLabel = fixtures.label();

            Api.Response created = put(driver, 1, "{\"label\": %d, \"phase\": 3}".formatted(otherLabel));

            assertThat(created.json().get("label").asLong()).isEqualTo(label);
            assertThat(created.json().get("phase").asInt()).isEqualTo(1);
            assertThat(fixtures.scansOf(otherLabel)).isZero();
        }

        @Test
        void aMultipartPutStoresTheImage() {
            Api.Response created = api.put(path(label, 1)).token(driver.token())
                    .multipart(Map.of("label_image", Images.webp())).send();

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("label_image").asString()).startsWith("http://").endsWith(".webp");
        }
    }

    @Nested
    class Refusals {

        @Test
        void anotherDriversScanIsNotTakenOver() {
            put(driver, 2, "{\"label_coordinate\": {\"x\": 1}}");

            Api.Response refused = put(fixtures.driver(), 2, "{\"label_coordinate\": {\"x\": 9}}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo(DUPLICATE);
        }

        @Test
        void anUnknownLabelIsNotFound() {
            Api.Response missing = api.put(path(99999999, 1)).token(driver.token()).json("{}").send();

            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).isEqualTo("{\"detail\":\"Not found.\"}");
        }

        @Test
        void aPhaseOutsideTheChoicesIsNotFound() {
            assertThat(api.put("/api/labels/%d/scans/7/".formatted(label)).token(driver.token()).json("{}").send().status())
                    .isEqualTo(404);
        }

        @Test
        void anUnknownDistributionCentreIsAFieldError() {
            Api.Response refused = put(driver, 2, "{\"distribution\": 99999999}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text()).isEqualTo("{\"distribution\":[\"Invalid pk \\\"99999999\\\" - object does not exist.\"]}");
            assertThat(fixtures.scansOf(label)).isZero();
        }

        @Test
        void onlyDriversMayPut() {
            Account manager = fixtures.account(Role.MANAGER);

            assertThat(put(manager, 1, "{}").status()).isEqualTo(403);
        }
    }

    @Nested
    class Concurrency {

        @RepeatedTest(5)
        void sixteenConcurrentPutsOfOneDriverCreateOnceAndUpdateNothing() throws Exception {
            List<Api.Response> answers = concurrentPuts(List.of(driver));

            assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(15)
                    .allSatisfy(r -> assertThat(r.text()).isEqualTo(answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().text()));
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @RepeatedTest(5)
        void whenTwoDriversRaceOnlyTheWinnersRequestsSucceed() throws Exception {
            Account other = fixtures.driver();

            List<Api.Response> answers = concurrentPuts(List.of(driver, other));

            Api.Response winner = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
            String winnerName = winner.json().get("user").get("username").asString();
            assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(200, 201, 400));
            assertThat(answers).filteredOn(r -> r.status() == 200)
                    .allSatisfy(r -> assertThat(r.json().get("user").get("username").asString()).isEqualTo(winnerName));
            assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(8)
                    .allSatisfy(r -> assertThat(r.text()).isEqualTo(DUPLICATE));
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        /** Sixteen devices, the drivers taking turns, all sending the same PUT at once. */
        private List<Api.Response> concurrentPuts(List<Account> drivers) throws Exception {
            List<Callable<Api.Response>> requests = new ArrayList<>();
            for (int device = 0; device < 16; device++) {
                Account account = drivers.get(device % drivers.size());
                Api.Call call = api.newConnection().put(path(label, 2)).token(account.token())
                        .json("{\"distribution\": %d, \"label_coordinate\": {\"x\": 0.5}}".formatted(distribution));
                requests.add(call::send);
            }
            return Races.together(requests);
        }
    }

    private Api.Response put(Account account, int phase, String body) {
        return api.put(path(label, phase)).token(account.token()).json(body).send();
    }

    private static String path(long labelId, int phase) {
        return "/api/labels/%d/scans/%d/".formatted(labelId, phase);
    }
}
