package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** POST /api/scans/batch/: offline sync of up to 1000 scans, one result per item in input order. */
@ApiTest
class ScanBatchTest {

    static final String DUPLICATE_ERRORS = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    @Nested
    class Results {

        @Test
        void newScansAreCreatedAndAnsweredInInputOrder() {
            List<Long> labels = fixtures.labels(3);

            Api.Response response = batch(driver, "[" + item(labels.get(2), 2) + "," + item(labels.get(0), 1) + ","
                    + item(labels.get(1), 3) + "]");

            assertThat(response.status()).isEqualTo(200);
            JsonNode results = response.json();
            assertThat(results.size()).isEqualTo(3);
            assertCreated(results.get(0), labels.get(2), 2);
            assertCreated(results.get(1), labels.get(0), 1);
            assertCreated(results.get(2), labels.get(1), 3);
            assertThat(fixtures.scansOf(labels)).isEqualTo(3);
        }

        @Test
        void aCreatedResultCarriesTheStoredScanAsTheSingleCreateShowsIt() {
            long label = fixtures.label();
            long distribution = fixtures.site(SiteKind.DISTRIBUTION);
            long store = fixtures.site(SiteKind.STORE);

            JsonNode result = batch(driver, "[{\"label\": %d, \"phase\": 3, \"distribution\": %d, \"store\": %d, \"label_coordinate\": {\"x\": 0.5}}]"
                    .formatted(label, distribution, store)).json().get(0);

            assertThat(result.get("status").asString()).isEqualTo("created");
            assertThat(result.has("id")).isFalse();
            assertThat(result.has("errors")).isFalse();
            JsonNode scan = result.get("scan");
            assertThat(scan.get("user").get("id").asLong()).isEqualTo(driver.id());
            assertThat(scan.get("user").get("username").asString()).isEqualTo(driver.username());
            assertThat(scan.get("distribution").asLong()).isEqualTo(distribution);
            assertThat(scan.get("store").asLong()).isEqualTo(store);
            assertThat(scan.get("label_coordinate").toString()).isEqualTo("{\"x\":0.5}");
            Api.Response stored = api.get("/api/scans/" + scan.get("id").asLong() + "/").token(driver.token()).send();
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json()).isEqualTo(scan);
        }

        @Test
        void aScanAlreadyStoredIsADuplicateWithTheStoredScansId() {
            long label = fixtures.label();
            long stored = api.post("/api/scans/").token(driver.token()).json(item(label, 1)).send().json().get("id").asLong();

            JsonNode result = batch(driver, "[" + item(label, 1) + "]").json().get(0);

            assertThat(result.toString()).isEqualTo("{\"status\":\"duplicate\",\"id\":" + stored + ",\"errors\":" + DUPLICATE_ERRORS + "}");
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
        }

        @Test
        void aScanStoredByAnotherDriverIsADuplicateThatNamesNoIdAsADuplicatePostNamesNone() {
            long label = fixtures.label();
            batch(fixtures.driver(), "[" + item(label, 2) + "]");

            JsonNode result = batch(driver, "[" + item(label, 2) + "]").json().get(0);

            assertThat(result.toString()).isEqualTo("{\"status\":\"duplicate\",\"errors\":" + DUPLICATE_ERRORS + "}");
        }

        @Test
        void aRepeatWithinTheBatchIsADuplicateOfTheEarlierItemsNewScan() {
            long label = fixtures.label();

            JsonNode results = batch(driver, "[" + item(label, 1) + "," + item(label, 2) + "," + item(label, 1) + ","
                    + item(label, 1) + "]").json();

            assertCreated(results.get(0), label, 1);
            assertCreated(results.get(1), label, 2);
            long first = results.get(0).get("scan").get("id").asLong();
            for (int i : new int[] {2, 3}) {
                assertThat(results.get(i).toString())
                        .isEqualTo("{\"status\":\"duplicate\",\"id\":" + first + ",\"errors\":" + DUPLICATE_ERRORS + "}");
            }
            assertThat(fixtures.scansOf(label)).isEqualTo(2);
        }

        @Test
        void aRepeatOfAStoredScanWithinTheBatchIsADuplicateOfTheStoredOne() {
            long label = fixtures.label();
            long stored = api.post("/api/scans/").token(driver.token()).json(item(label, 3)).send().json().get("id").asLong();

            JsonNode results = batch(driver, "[" + item(label, 3) + "," + item(label, 3) + "]").json();

            assertThat(results.get(0).get("id").asLong()).isEqualTo(stored);
            assertThat(results.get(1).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(1).get("id").asLong()).isEqualTo(stored);
        }

        @Test
        void aRetryWithTheSameIdempotencyKeyReplaysTheAnswerInsteadOfReportingDuplicates() {
            List<Long> labels = fixtures.labels(2);
            String key = java.util.UUID.randomUUID().toString();
            String body = "[" + item(labels.get(0), 1) + "," + item(labels.get(1), 2) + "]";

            Api.Response first = api.post("/api/scans/batch/").token(driver.token()).header("Idempotency-Key", key).json(body).send();
            Api.Response retry = api.post("/api/scans/batch/").token(driver.token()).header("Idempotency-Key", key).json(body).send();

            assertThat(first.status()).isEqualTo(200);
            assertThat(statuses(first.json())).containsExactly("created", "created");
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(retry.text()).isEqualTo(first.text());
            assertThat(fixtures.scansOf(labels)).isEqualTo(2);
        }

        @Test
        void anEmptyBatchAnswersAnEmptyList() {
            Api.Response response = batch(driver, "[]");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("[]");
        }

        @Test
        void aThousandItemsAreAccepted() {
            List<Long> labels = fixtures.labels(334);
            StringJoiner items = new StringJoiner(",", "[", "]");
            for (int i = 0; i < 1000; i++) {
                items.add(item(labels.get(i / 3), 1 + i % 3));
            }

            Api.Response response = batch(driver, items.toString());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().size()).isEqualTo(1000);
            response.json().forEach(r -> assertThat(r.get("status").asString()).isEqualTo("created"));
            assertThat(fixtures.scansOf(labels)).isEqualTo(1000);
        }
    }

    @Nested
    class InvalidItems {

        @Test
        void aMissingLabelIsReportedAndTheValidItemsAreStored() {
            List<Long> labels = fixtures.labels(2);

            JsonNode results = batch(driver, "[" + item(labels.get(0), 1) + ",{\"phase\": 1}," + item(labels.get(1), 1) + "]").json();

            assertCreated(results.get(0), labels.get(0), 1);
            assertThat(results.get(1).toString())
                    .isEqualTo("{\"status\":\"invalid\",\"errors\":{\"label\":[\"This field is required.\"]}}");
            assertCreated(results.get(2), labels.get(1), 1);
            assertThat(fixtures.scansOf(labels)).isEqualTo(2);
        }

        @Test
        void anUnknownLabelIsReportedWithDrfsMessage() {
            long label = fixtures.label();
            long unknown = unknownLabel();

            JsonNode results = batch(driver, "[" + item(unknown, 1) + "," + item(label, 1) + "]").json();

            assertThat(results.get(0).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"label\":[\"Invalid pk \\\"" + unknown + "\\\" - object does not exist.\"]}}");
            assertCreated(results.get(1), label, 1);
        }

        @Test
        void aLabelPkThatMatchesNothingIsReportedAsAnObjectThatDoesNotExist() {
            long label = fixtures.label();

            JsonNode result = batch(driver, "[{\"label\": 999999999999, \"phase\": 1}," + item(label, 1) + "]").json().get(0);

            assertThat(result.toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"label\":[\"Invalid pk \\\"999999999999\\\" - object does not exist.\"]}}");
        }

        @Test
        void aSiteOfTheWrongKindIsReported() {
            long label = fixtures.label();
            long store = fixtures.site(SiteKind.STORE);

            JsonNode result = batch(driver, "[{\"label\": %d, \"phase\": 2, \"distribution\": %d}]".formatted(label, store)).json().get(0);

            assertThat(result.toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"distribution\":[\"Invalid pk \\\"" + store + "\\\" - object does not exist.\"]}}");
            assertThat(fixtures.scansOf(label)).isZero();
        }

        @Test
        void wrongTypesAreReportedPerField() {
            long label = fixtures.label();

            JsonNode results = batch(driver, "[{\"label\": [1], \"phase\": 1},{\"label\": %d, \"phase\": 7},{\"label\": %d, \"phase\": null}]"
                    .formatted(label, label)).json();

            assertThat(results.get(0).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"label\":[\"Incorrect type. Expected pk value, received list.\"]}}");
            assertThat(results.get(1).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"phase\":[\"\\\"7\\\" is not a valid choice.\"]}}");
            assertThat(results.get(2).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"phase\":[\"This field may not be null.\"]}}");
            assertThat(fixtures.scansOf(label)).isZero();
        }

        @Test
        void anItemThatIsNotAnObjectIsReportedWithItsPythonType() {
            long label = fixtures.label();

            JsonNode results = batch(driver, "[1, \"x\", " + item(label, 1) + "]").json();

            assertThat(results.get(0).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got int.\"]}}");
            assertThat(results.get(1).toString()).isEqualTo(
                    "{\"status\":\"invalid\",\"errors\":{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got str.\"]}}");
            assertCreated(results.get(2), label, 1);
        }

        @Test
        void aNullCharacterInTheCoordinateIsAnInvalidItemNotAServerError() {
            List<Long> labels = fixtures.labels(3);

            Api.Response response = batch(driver, "[{\"label\": %d, \"phase\": 1, \"label_coordinate\": \"a\\u0000b\"},".formatted(labels.get(0))
                    + "{\"label\": %d, \"phase\": 1, \"label_coordinate\": {\"k\\u0000\": [1]}},".formatted(labels.get(1))
                    + item(labels.get(2), 1) + "]");

            assertThat(response.status()).isEqualTo(200);
            JsonNode results = response.json();
            for (int i : new int[] {0, 1}) {
                assertThat(results.get(i).toString()).isEqualTo(
                        "{\"status\":\"invalid\",\"errors\":{\"label_coordinate\":[\"Null characters are not allowed.\"]}}");
            }
            assertCreated(results.get(2), labels.get(2), 1);
            assertThat(fixtures.scansOf(labels)).isEqualTo(1);
        }

        @Test
        void anInvalidItemDoesNotStopADuplicateFromBeingRecognised() {
            long label = fixtures.label();

            JsonNode results = batch(driver, "[" + item(label, 1) + ",{\"phase\": 1}," + item(label, 1) + "]").json();

            assertThat(results.get(2).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(2).get("id").asLong()).isEqualTo(results.get(0).get("scan").get("id").asLong());
        }
    }

    @Nested
    class WholeRequestErrors {

        @Test
        void anObjectInsteadOfAListIs400() {
            long label = fixtures.label();

            Api.Response response = batch(driver, item(label, 1));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"Expected a list of items but got type \\\"dict\\\".\"]}");
            assertThat(fixtures.scansOf(label)).isZero();
        }

        @Test
        void aNumberInsteadOfAListIs400NamingItsType() {
            Api.Response response = batch(driver, "5");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"Expected a list of items but got type \\\"int\\\".\"]}");
        }

        @Test
        void moreThanAThousandItemsIs400AndWritesNothing() {
            List<Long> labels = fixtures.labels(334);
            StringJoiner items = new StringJoiner(",", "[", "]");
            for (int i = 0; i < 1001; i++) {
                items.add(item(labels.get(i / 3), 1 + i % 3));
            }

            Api.Response response = batch(driver, items.toString());

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("{\"non_field_errors\":[\"Ensure this field has no more than 1000 elements.\"]}");
            assertThat(fixtures.scansOf(labels)).isZero();
        }

        @Test
        void managersMayNotSync() {
            long label = fixtures.label();
            Account manager = fixtures.account(Role.MANAGER);

            Api.Response response = batch(manager, "[" + item(label, 1) + "]");

            assertThat(response.status()).isEqualTo(403);
            assertThat(fixtures.scansOf(label)).isZero();
        }

        @Test
        void anonymousCallersAre401() {
            long label = fixtures.label();

            Api.Response response = api.post("/api/scans/batch/").json("[" + item(label, 1) + "]").send();

            assertThat(response.status()).isEqualTo(401);
            assertThat(fixtures.scansOf(label)).isZero();
        }
    }

    @Nested
    class FurthestPhase {

        @Test
        void aBatchWithPhasesOneTwoAndThreeLeavesPhaseThreeAtTheStore() {
            long label = fixtures.label();
            long distribution = fixtures.site(SiteKind.DISTRIBUTION);
            long store = fixtures.site(SiteKind.STORE);

            batch(driver, "[{\"label\": %d, \"phase\": 3, \"distribution\": %d, \"store\": %d},{\"label\": %d, \"phase\": 1},{\"label\": %d, \"phase\": 2, \"distribution\": %d}]"
                    .formatted(label, distribution, store, label, label, distribution));

            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").asInt()).isEqualTo(3);
            assertThat(shown.get("furthest_site").asLong()).isEqualTo(store);
        }

        @Test
        void phaseOneOnlyLeavesTheLabelsFactory() {
            long label = fixtures.label();
            long factory = jdbc.sql("SELECT factory_id FROM labels WHERE id = :id").param("id", label).query(Long.class).single();

            batch(driver, "[" + item(label, 1) + "]");

            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").asInt()).isEqualTo(1);
            assertThat(shown.get("furthest_site").asLong()).isEqualTo(factory);
        }

        @Test
        void phaseTwoLeavesTheScansDistributionCentre() {
            long label = fixtures.label();
            long distribution = fixtures.site(SiteKind.DISTRIBUTION);

            batch(driver, "[" + item(label, 1) + ",{\"label\": %d, \"phase\": 2, \"distribution\": %d}]".formatted(label, distribution));

            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").asInt()).isEqualTo(2);
            assertThat(shown.get("furthest_site").asLong()).isEqualTo(distribution);
        }

        @Test
        void phaseZeroAloneLeavesNoFurthestPhase() {
            long label = fixtures.label();

            Api.Response response = batch(driver, "[" + item(label, 0) + "]");

            assertCreated(response.json().get(0), label, 0);
            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").isNull()).isTrue();
            assertThat(shown.get("furthest_site").isNull()).isTrue();
        }

        @Test
        void aLaterBatchWithAnEarlierPhaseDoesNotMoveItBack() {
            long label = fixtures.label();
            long distribution = fixtures.site(SiteKind.DISTRIBUTION);
            long store = fixtures.site(SiteKind.STORE);
            batch(driver, "[{\"label\": %d, \"phase\": 3, \"store\": %d}]".formatted(label, store));

            batch(driver, "[{\"label\": %d, \"phase\": 2, \"distribution\": %d}," .formatted(label, distribution) + item(label, 1) + "]");

            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").asInt()).isEqualTo(3);
            assertThat(shown.get("furthest_site").asLong()).isEqualTo(store);
        }

        @Test
        void invalidAndDuplicateItemsDoNotMoveIt() {
            long label = fixtures.label();
            long store = fixtures.site(SiteKind.STORE);
            long otherStore = fixtures.site(SiteKind.STORE);
            batch(driver, "[{\"label\": %d, \"phase\": 3, \"store\": %d}]".formatted(label, store));

            batch(driver, "[{\"label\": %d, \"phase\": 3, \"store\": %d},{\"label\": %d, \"phase\": 3, \"store\": %d}]"
                    .formatted(label, otherStore, label, unknownStore()));

            JsonNode shown = label(label);
            assertThat(shown.get("furthest_phase").asInt()).isEqualTo(3);
            assertThat(shown.get("furthest_site").asLong()).isEqualTo(store);
        }

        private JsonNode label(long id) {
            Api.Response response = api.get("/api/labels/" + id + "/").token(driver.token()).send();
            assertThat(response.status()).isEqualTo(200);
            return response.json();
        }
    }

    private long unknownLabel() {
        return jdbc.sql("SELECT coalesce(max(id), 0) + 1000000 FROM labels").query(Long.class).single();
    }

    private long unknownStore() {
        return jdbc.sql("SELECT coalesce(max(id), 0) + 1000000 FROM sites").query(Long.class).single();
    }

    private Api.Response batch(Account account, String json) {
        return api.post("/api/scans/batch/").token(account.token()).json(json).send();
    }

    static String item(long label, int phase) {
        return "{\"label\": %d, \"phase\": %d}".formatted(label, phase);
    }

    static void assertCreated(JsonNode result, long label, int phase) {
        assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("created");
        assertThat(result.get("scan").get("label").asLong()).isEqualTo(label);
        assertThat(result.get("scan").get("phase").asInt()).isEqualTo(phase);
    }

    static List<String> statuses(JsonNode results) {
        List<String> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.get("status").asString()));
        return statuses;
    }
}
