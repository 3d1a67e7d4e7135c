package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.Fixtures.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/scans/}: what a created scan looks like, from each of the three body encodings. */
abstract class ScanCreateContract extends ScanContract {

    @Test
    void aJsonScanIsCreatedWith201AndEveryFieldOfTheSerializer() {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);
        long store = fixtures.site(SiteKind.STORE);

        Api.Response response = postJson(driver, """
                {"label": %d, "phase": 2, "distribution": %d, "store": %d, "label_coordinate": {"x": 0.5, "y": [1, 2]}}
                """.formatted(label, distribution, store));

        assertThatResponse(response).hasStatus(201).hasContentType("application/json");
        JsonNode scan = response.json();
        assertThat(scan.propertyNames()).containsExactly("id", "user", "label", "phase", "distribution", "store",
                "label_image", "label_coordinate", "label_quality", "created_date", "updated_date");
        assertThat(scan.get("id").isIntegralNumber()).isTrue();
        assertThat(scan.get("label").asLong()).isEqualTo(label);
        assertThat(scan.get("phase").asInt()).isEqualTo(2);
        assertThat(scan.get("distribution").asLong()).isEqualTo(distribution);
        assertThat(scan.get("store").asLong()).isEqualTo(store);
        assertThat(scan.get("label_image").isNull()).isTrue();
        assertThat(scan.get("label_coordinate").toString()).isEqualTo("{\"x\":0.5,\"y\":[1,2]}");
        assertThat(scan.get("label_quality").isNull()).isTrue();
        assertThat(fixtures.scansOf(label)).isEqualTo(1);
    }

    @Test
    void theScansUserIsTheCallerNestedWithIdUsernameAndNames() {
        Account driver = fixtures.driver();

        JsonNode scan = created(driver, fixtures.label(), 1);

        assertThat(scan.get("user").propertyNames()).containsExactly("id", "username", "first_name", "last_name");
        assertThat(scan.get("user").get("first_name").asString()).isEmpty();
        assertThat(scan.get("user").get("id").asLong()).isEqualTo(driver.id());
        assertThat(scan.get("user").get("username").asString()).isEqualTo(driver.username());
    }

    @Test
    void createdAndUpdatedDatesAreIso8601InUtcAndNow() {
        Instant before = Instant.now().minusSeconds(5);

        JsonNode scan = created(fixtures.driver(), fixtures.label(), 1);

        String created = scan.get("created_date").asString();
        assertThat(created).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?Z");
        assertThat(scan.get("updated_date").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?Z");
        assertThat(Instant.parse(created)).isBetween(before, Instant.now().plus(Duration.ofSeconds(5)));
    }

    @Test
    void phaseDefaultsToZeroAndOptionalFieldsToNull() {
        Api.Response response = postJson(fixtures.driver(), "{\"label\": %d}".formatted(fixtures.label()));

        assertThatResponse(response).hasStatus(201);
        JsonNode scan = response.json();
        assertThat(scan.get("phase").asInt()).isZero();
        assertThat(scan.get("distribution").isNull()).isTrue();
        assertThat(scan.get("store").isNull()).isTrue();
        assertThat(scan.get("label_coordinate").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyPhaseFromZeroToThreeIsAccepted(int phase) {
        assertThat(created(fixtures.driver(), fixtures.label(), phase).get("phase").asInt()).isEqualTo(phase);
    }

    @Test
    void pksAndPhaseMayBeSentAsStringsInJson() {
        long label = fixtures.label();
        long store = fixtures.site(SiteKind.STORE);

        Api.Response response = postJson(fixtures.driver(), """
                {"label": "%d", "phase": "3", "store": "%d", "distribution": null}
                """.formatted(label, store));

        assertThatResponse(response).hasStatus(201);
        assertThat(response.json().get("label").asLong()).isEqualTo(label);
        assertThat(response.json().get("phase").asInt()).isEqualTo(3);
        assertThat(response.json().get("store").asLong()).isEqualTo(store);
    }

    @Test
    void readOnlyFieldsSentByTheClientAreIgnored() {
        Account driver = fixtures.driver();
        Account other = fixtures.driver();
        long label = fixtures.label();

        Api.Response response = postJson(driver, """
                {"label": %d, "phase": 1, "id": 1, "user": %d, "label_quality": 0.99,
                 "created_date": "2001-01-01T00:00:00Z", "updated_date": "2001-01-01T00:00:00Z", "colour": "red"}
                """.formatted(label, other.id()));

        assertThatResponse(response).hasStatus(201);
        JsonNode scan = response.json();
        assertThat(scan.get("user").get("id").asLong()).isEqualTo(driver.id());
        assertThat(scan.get("label_quality").isNull()).isTrue();
        assertThat(scan.get("created_date").asString()).doesNotStartWith("2001");
        assertThat(scan.get("updated_date").asString()).doesNotStartWith("2001");
        assertThat(scan.has("colour")).isFalse();
    }

    @Test
    void aFormUrlencodedScanIsCreatedWithTheSameFields() {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);

        Api.Response response = postScan(driver).form(Map.of("label", String.valueOf(label), "phase", "2",
                "distribution", String.valueOf(distribution), "store", "", "label_coordinate", "{\"x\": 1}")).send();

        assertThatResponse(response).hasStatus(201);
        JsonNode scan = response.json();
        assertThat(scan.get("label").asLong()).isEqualTo(label);
        assertThat(scan.get("phase").asInt()).isEqualTo(2);
        assertThat(scan.get("distribution").asLong()).isEqualTo(distribution);
        assertThat(scan.get("store").isNull()).isTrue();
        assertThat(scan.get("label_coordinate").toString()).isEqualTo("{\"x\":1}");
        assertThat(scan.get("user").get("id").asLong()).isEqualTo(driver.id());
    }

    @Test
    void aMultipartScanWithoutAnImageIsCreatedWithANullImage() {
        long label = fixtures.label();

        Api.Response response = postScan(fixtures.driver())
                .multipart(Map.of("label", String.valueOf(label), "phase", "1", "label_image", "")).send();

        assertThatResponse(response).hasStatus(201);
        assertThat(response.json().get("label_image").isNull()).isTrue();
        assertThat(fixtures.scansOf(label)).isEqualTo(1);
    }

    @Test
    void theCreatedScanIsTheOneThatCanBeRetrieved() {
        Account driver = fixtures.driver();
        JsonNode scan = created(driver, fixtures.label(), 2);

        Api.Response retrieved = getScan(driver, scan.get("id").asLong());

        assertThatResponse(retrieved).hasStatus(200).hasJson(scan.toString());
    }
}
