package dev.scanledger.migration;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.DjangoDatabase;
import dev.scanledger.support.ScanledgerInstance;
import dev.scanledger.support.ScanledgerInstance.Run;
import dev.scanledger.web.DrfDateTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code migrate-from-django} with the fixture (a real database of the Django system, see
 * src/test/resources/django-scans/README.md): copied into an empty Scanledger, which then answers over
 * real HTTP for the Django users, their passwords, their tokens and their scans.
 */
@ApiTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateFromDjangoTest {

    /** The fixture README's users: username, password, active. */
    static final Map<String, String> PASSWORDS = Map.of(
            "ayse", "ayse-pass-1", "mehmet", "mehmet-pass-2", "zeynep", "zeynep-pass-3", "old_driver", "old-pass-4",
            "office", "office-pass-5", "boss", "boss-pass-6");
    static final List<String> ACTIVE_WITH_PASSWORD = List.of("ayse", "mehmet", "zeynep", "office", "boss");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DataSource testDatabase;

    DjangoDatabase django;
    ScanledgerInstance scanledger;
    Api api;
    Run firstCopy;

    @BeforeAll
    void copyTheFixtureIntoAnEmptyScanledger() {
        django = DjangoDatabase.fromFixture(testDatabase, "django_source");
        scanledger = ScanledgerInstance.onNewDatabase(testDatabase, "scanledger_switched");
        api = scanledger.api();
        firstCopy = migrate();
    }

    @AfterAll
    void dropBoth() {
        if (scanledger != null) {
            scanledger.close();
        }
        if (django != null) {
            django.close();
        }
    }

    private Run migrate(String... extra) {
        List<String> args = new ArrayList<>(List.of("migrate-from-django"));
        args.addAll(django.sourceOptions());
        args.addAll(List.of(extra));
        return scanledger.command(args);
    }

    private Run verify() {
        return migrate("--verify");
    }

    @Test
    void theFirstCopyInsertsEveryRowAndImage() {
        assertThat(firstCopy.exitCode()).as(firstCopy.output()).isZero();
        assertThat(firstCopy.output())
                .contains("Pre-flight: nothing Scanledger would refuse")
                .contains("images: 60 rows in").contains("60 inserted, 0 updated, 0 unchanged")
                .contains("users: 7 rows in").contains("7 inserted, 0 updated, 0 unchanged")
                .contains("factories: 2 rows in")
                .contains("distributions: 2 rows in")
                .contains("stores: 4 rows in").contains("4 inserted, 0 updated, 0 unchanged")
                .contains("labels: 301 rows in").contains("301 inserted, 0 updated, 0 unchanged")
                .contains("scans: 650 rows in").contains("650 inserted, 0 updated, 0 unchanged")
                .contains("tokens: 6 rows in").contains("6 inserted, 0 updated, 0 unchanged");
    }

    private Api.Response login(String username, String password) {
        return api.post("/api/auth/token/").json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(username, password)).send();
    }

    @Test
    void everyActiveUserLogsInWithTheirDjangoPassword() {
        for (String username : ACTIVE_WITH_PASSWORD) {
            Api.Response response = login(username, PASSWORDS.get(username));
            assertThatResponse(response).as(username).hasStatus(200);
            assertThat(response.json().get("token").asString()).matches("[0-9a-f]{40}");
        }
    }

    @Test
    void theInactiveDriverAndTheKioskWithAnUnusablePasswordCannotLogIn() {
        assertThatResponse(login("old_driver", PASSWORDS.get("old_driver"))).hasStatus(400)
                .hasFieldError("non_field_errors", "Unable to log in with provided credentials.");
        String unusable = django.jdbc().sql("SELECT password FROM accounts_user WHERE username = 'kiosk'").query(String.class).single();
        for (String attempt : List.of("", "kiosk", unusable, unusable.substring(1))) {
            assertThatResponse(login("kiosk", attempt)).hasStatus(400);
        }
    }

    @Test
    void everyDjangoTokenAuthenticatesItsUserAsDrfDid() {
        List<Map<String, Object>> tokens = django.jdbc().sql("""
                SELECT t.key, u.username, u.is_active, u.role FROM authtoken_token t JOIN accounts_user u ON u.id = t.user_id
                """).query().listOfRows();
        assertThat(tokens).hasSize(6);
        for (Map<String, Object> token : tokens) {
            String key = (String) token.get("key");
            Api.Response labels = api.get("/api/labels/").token(key).send();
            if ((Boolean) token.get("is_active")) {
                assertThatResponse(labels).as((String) token.get("username")).hasStatus(200);
            } else {
                assertThatResponse(labels).hasStatus(401).hasDetail("User inactive or deleted.");
            }
        }
    }

    @Test
    void rolesAreMappedDriversDriveTheAdminAdministersOthersHaveNoRights() {
        Map<String, String> roles = Map.of("ayse", "driver", "kiosk", "driver", "old_driver", "driver", "boss", "admin", "office", "none");
        roles.forEach((username, role) -> assertThat(scanledger.jdbc().sql("SELECT role FROM users WHERE username = :u")
                .param("u", username).query(String.class).single()).as(username).isEqualTo(role));

        String office = login("office", PASSWORDS.get("office")).json().get("token").asString();
        assertThatResponse(api.get("/api/scans/").token(office).send()).hasStatus(403)
                .hasDetail("You do not have permission to perform this action.");
        assertThatResponse(api.post("/api/scans/").token(office).json("{\"label\": 1, \"phase\": 1}").send()).hasStatus(403);
    }

    @Test
    void eachDriverListsExactlyTheirOwnScansWithTheOriginalIdsFieldsAndDates() {
        migrate();
        List<Map<String, Object>> drivers = django.jdbc().sql("""
                SELECT u.id, u.username, t.key FROM accounts_user u JOIN authtoken_token t ON t.user_id = u.id
                 WHERE u.role = 'factory_driver' AND u.is_active ORDER BY u.id
                """).query().listOfRows();
        assertThat(drivers).extracting(d -> d.get("username")).containsExactly("ayse", "mehmet", "zeynep", "kiosk");
        for (Map<String, Object> driver : drivers) {
            JsonNode page = api.get("/api/scans/?page_size=1000").token((String) driver.get("key")).send().json();
            List<JsonNode> listed = new ArrayList<>();
            page.get("results").forEach(listed::add);
            List<JsonNode> expected = expectedScansOf((Long) driver.get("id"), (String) driver.get("username"));
            assertThat(page.get("count").asLong()).isEqualTo(expected.size());
            assertThat(listed).as((String) driver.get("username")).containsExactlyElementsOf(expected);
        }
    }

    /** The driver's scans as Django holds them, in the API's order (newest first), as DRF's serializer shows them. */
    private List<JsonNode> expectedScansOf(long userId, String username) {
        return django.jdbc().sql("""
                SELECT id, label_id, phase, distribution_id, store_id, label_image, label_coordinate::text AS coordinate,
                       label_quality, created_date, updated_date
                  FROM labels_scan WHERE user_id = :user ORDER BY created_date DESC, id DESC
                """)
                .param("user", userId)
                .query((rs, n) -> {
                    // as DRF's ScanSerializer: an empty ImageField is null, the URL is absolute
                    String image = rs.getString("label_image");
                    String coordinate = rs.getString("coordinate");
                    Map<String, Object> scan = new java.util.LinkedHashMap<>();
                    scan.put("id", rs.getLong("id"));
                    scan.put("user", Map.of("id", userId, "username", username));
                    scan.put("label", rs.getLong("label_id"));
                    scan.put("phase", rs.getInt("phase"));
                    scan.put("distribution", rs.getObject("distribution_id"));
                    scan.put("store", rs.getObject("store_id"));
                    scan.put("label_image", image.isEmpty() ? null : api.url("/media/" + image));
                    scan.put("label_coordinate", coordinate == null ? null : JSON.readTree(coordinate));
                    scan.put("label_quality", rs.getObject("label_quality"));
                    scan.put("created_date", DrfDateTimes.format(rs.getObject("created_date", OffsetDateTime.class)));
                    scan.put("updated_date", DrfDateTimes.format(rs.getObject("updated_date", OffsetDateTime.class)));
                    // read back from text, so numbers compare as the API's parsed answer does
                    return JSON.readTree(JSON.writeValueAsString(scan));
                })
                .list();
    }

    @Test
    void anImportedImageUrlAnswersTheOriginalBytes() throws IOException {
        String ayse = django.jdbc().sql("SELECT key FROM authtoken_token WHERE user_id = 1").query(String.class).single();
        JsonNode scan = api.get("/api/scans/1/").token(ayse).send().json();
        assertThat(scan.get("label_image").asString()).isEqualTo(api.url("/media/labels/scan-0-0.png"));

        Api.Response image = api.get(scan.get("label_image").asString()).send();

        assertThatResponse(image).hasStatus(200);
        assertThat(image.bytes()).isEqualTo(Files.readAllBytes(DjangoDatabase.media().resolve("labels/scan-0-0.png")));
    }
}
