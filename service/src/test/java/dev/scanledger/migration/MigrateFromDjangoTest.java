package dev.scanledger.migration;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.jdbc.core.simple.JdbcClient;
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
        return migrate(django, extra);
    }

    private Run migrate(DjangoDatabase from, String... extra) {
        List<String> args = new ArrayList<>(List.of("migrate-from-django"));
        args.addAll(from.sourceOptions());
        args.addAll(List.of(extra));
        return scanledger.command(args);
    }

    private Run verify() {
        return migrate("--verify");
    }

    /** The summary line of one table in a run's output, e.g. "scans: 650 rows in 0.1 s (...): 650 inserted, ...". */
    private static String line(Run run, String table) {
        return run.output().lines().filter(l -> l.startsWith(table + ": ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no line for " + table + " in\n" + run.output()));
    }

    private String tokenOf(String username) {
        return django.jdbc().sql("SELECT t.key FROM authtoken_token t JOIN accounts_user u ON u.id = t.user_id WHERE u.username = :u")
                .param("u", username).query(String.class).single();
    }

    private String passwordHashOf(String username) {
        return scanledger.jdbc().sql("SELECT password_hash FROM users WHERE username = :u").param("u", username).query(String.class).single();
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
            List<JsonNode> expected = expectedScansOf((Long) driver.get("id"));
            assertThat(page.get("count").asLong()).isEqualTo(expected.size());
            assertThat(listed).as((String) driver.get("username")).containsExactlyElementsOf(expected);
        }
    }

    /** The driver's scans as Django holds them, in the API's order (by id), as DRF's serializer shows them. */
    private List<JsonNode> expectedScansOf(long userId) {
        Map<String, Object> user = django.jdbc().sql("SELECT id, username, first_name, last_name FROM accounts_user WHERE id = :user")
                .param("user", userId).query().singleRow();
        return django.jdbc().sql("""
                SELECT id, label_id, phase, distribution_id, store_id, label_image, label_coordinate::text AS coordinate,
                       label_quality, created_date, updated_date
                  FROM labels_scan WHERE user_id = :user ORDER BY id
                """)
                .param("user", userId)
                .query((rs, n) -> {
                    // as DRF's ScanSerializer: an empty ImageField is null, the URL is absolute
                    String image = rs.getString("label_image");
                    String coordinate = rs.getString("coordinate");
                    Map<String, Object> scan = new java.util.LinkedHashMap<>();
                    scan.put("id", rs.getLong("id"));
                    scan.put("user", user);
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
        JsonNode scan = api.get("/api/scans/1/").token(tokenOf("ayse")).send().json();
        assertThat(scan.get("label_image").asString()).isEqualTo(api.url("/media/labels/scan-0-0.png"));

        Api.Response image = api.get(scan.get("label_image").asString()).send();

        assertThatResponse(image).hasStatus(200);
        assertThat(image.bytes()).isEqualTo(Files.readAllBytes(DjangoDatabase.media().resolve("labels/scan-0-0.png")));
    }

    @Test
    void labelsKeepTheirFactoryOrHaveNoneAndKnowTheirFurthestSiteOfEachKind() {
        String token = tokenOf("ayse");
        // label 1: phases 0, 1 (its factory); label 2: 0-2 (distribution 2); label 3: 0-3 (store 3); label 301: no factory, no scan
        assertThat(api.get("/api/labels/1/").token(token).send().json().toString())
                .isEqualTo("{\"id\":1,\"factory\":2,\"code\":\"TR-00001\",\"furthest_phase\":1,\"furthest_site\":2,"
                        + "\"created_date\":\"2026-12-01T20:11:47.122193Z\"}");
        JsonNode second = api.get("/api/labels/2/").token(token).send().json();
        assertThat(second.get("furthest_phase").asInt()).isEqualTo(2);
        assertThat(second.get("furthest_site").asLong()).isEqualTo(2);
        JsonNode third = api.get("/api/labels/3/").token(token).send().json();
        assertThat(third.get("furthest_phase").asInt()).isEqualTo(3);
        assertThat(third.get("furthest_site").asLong()).isEqualTo(3);
        JsonNode withoutFactory = api.get("/api/labels/301/").token(token).send().json();
        assertThat(withoutFactory.get("code").asString()).isEqualTo("NOFACTORY-1");
        assertThat(withoutFactory.get("factory").isNull()).isTrue();
        assertThat(withoutFactory.get("furthest_phase").isNull()).isTrue();
    }

    @Test
    void aScanRecordedAfterTheSwitchTakesAnIdPastDjangosAndTheOriginalsSiteIds() {
        long label = django.jdbc().sql("""
                INSERT INTO labels_label (code, created_date, factory_id) VALUES ('NOFACTORY-LATE', '2026-11-06 11:00:00+00', NULL) RETURNING id
                """).query(Long.class).single();
        migrate();
        long highest = django.jdbc().sql("SELECT max(id) FROM labels_scan").query(Long.class).single();
        String token = tokenOf("ayse");
        try {
            // distribution 1 and store 1 are different sites, as in Django
            Api.Response atDistribution = api.post("/api/scans/").token(token)
                    .json("{\"label\": %d, \"phase\": 2, \"distribution\": 1}".formatted(label)).send();
            assertThatResponse(atDistribution).hasStatus(201);
            assertThat(atDistribution.json().get("id").asLong()).isGreaterThan(highest);
            assertThatResponse(api.put("/api/labels/%d/scans/3/".formatted(label)).token(token).json("{\"store\": 1}").send()).hasStatus(201);

            JsonNode scanned = api.get("/api/labels/%d/".formatted(label)).token(token).send().json();
            assertThat(scanned.get("factory").isNull()).isTrue();
            assertThat(scanned.get("furthest_phase").asInt()).isEqualTo(3);
            assertThat(scanned.get("furthest_site").asLong()).isEqualTo(1);
        } finally {
            // Scanledger's own rows would be "only in Scanledger" for --verify
            scanledger.jdbc().sql("DELETE FROM scans WHERE label_id = :label").param("label", label).update();
        }
    }

    @Test
    void aSecondRunChangesNothingAndSaysSo() {
        migrate();

        Run second = migrate();

        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).contains("Nothing changed: Scanledger already holds every row and image of Django.")
                .doesNotContainPattern("[1-9][0-9,]* (inserted|updated)");
        for (String table : List.of("images", "users", "factories", "distributions", "stores", "labels", "scans", "tokens")) {
            assertThat(line(second, table)).contains(": 0 inserted, 0 updated, ");
        }
    }

    @Test
    void rowsAddedOrChangedInDjangoAfterACopyAreCopiedByTheNextRun() {
        migrate();
        long label = django.jdbc().sql("""
                INSERT INTO labels_label (code, created_date, factory_id) VALUES ('TR-LATE-1', '2026-11-06 08:00:00+00', 1) RETURNING id
                """).query(Long.class).single();
        List<Long> added = django.jdbc().sql("""
                INSERT INTO labels_scan (phase, label_image, label_coordinate, label_quality, created_date, updated_date,
                                         distribution_id, label_id, store_id, user_id)
                VALUES (1, '', '{"lat": 38.7, "lng": 27.2}', 0.75, '2026-11-06 08:10:00.000001+00', '2026-11-06 08:10:00.000001+00', NULL, :label, NULL, 2),
                       (2, '', NULL, NULL, '2026-11-06 09:00:00+00', '2026-11-06 09:01:00+00', 2, :label, NULL, 2)
                RETURNING id
                """).param("label", label).query(Long.class).list();
        django.jdbc().sql("UPDATE labels_scan SET label_quality = 0.42, updated_date = updated_date + interval '1 hour' WHERE id = 20").update();
        // label 6 got as far as distribution centre 2 (scan 18); now it reaches store 4
        django.jdbc().sql("""
                INSERT INTO labels_scan (phase, label_image, created_date, updated_date, label_id, store_id, user_id)
                VALUES (3, '', '2026-11-06 10:00:00+00', '2026-11-06 10:00:00+00', 6, 4, 2)
                """).update();

        Run delta = migrate();

        assertThat(delta.exitCode()).as(delta.output()).isZero();
        assertThat(line(delta, "labels")).contains(": 1 inserted, 0 updated, ");
        assertThat(line(delta, "scans")).contains(": 3 inserted, 1 updated, ");
        assertThat(line(delta, "users")).contains(": 0 inserted, 0 updated, ");
        String mehmet = tokenOf("mehmet");
        for (long id : added) {
            assertThatResponse(api.get("/api/scans/" + id + "/").token(mehmet).send()).hasStatus(200);
        }
        // the copy counts what it inserts itself (one change per driver and phase); the list's count is exact
        assertThat(api.get("/api/scans/").token(mehmet).send().json().get("count").asLong())
                .isEqualTo(django.jdbc().sql("SELECT count(*) FROM labels_scan WHERE user_id = 2").query(Long.class).single());
        JsonNode changed = api.get("/api/scans/20/").token(tokenOf("zeynep")).send().json();
        assertThat(changed.get("label_quality").asDouble()).isEqualTo(0.42);
        JsonNode late = api.get("/api/labels/" + label + "/").token(mehmet).send().json();
        assertThat(late.get("furthest_phase").asInt()).isEqualTo(2);
        assertThat(late.get("furthest_site").asLong()).isEqualTo(2);
        JsonNode further = api.get("/api/labels/6/").token(mehmet).send().json();
        assertThat(further.get("furthest_phase").asInt()).isEqualTo(3);
        assertThat(further.get("furthest_site").asLong()).isEqualTo(4);
    }

    @Test
    void aPasswordReencodedAtLoginSurvivesTheNextRunButOneChangedInDjangoReplacesIt() {
        django.jdbc().sql("""
                INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                           date_joined, role)
                VALUES (:hash, false, 'newcomer', 'New', 'Comer', 'newcomer@example.com', false, true, '2026-11-06 10:00:00+00', 'factory_driver')
                """).param("hash", NEWCOMER_HASH_1).update();
        assertThat(line(migrate(), "users")).contains(": 1 inserted, 0 updated, ");
        assertThatResponse(login("newcomer", "newcomer-pass-1")).hasStatus(200);
        assertThat(passwordHashOf("newcomer")).startsWith("{bcrypt}");

        assertThat(line(migrate(), "users")).contains(": 0 inserted, 0 updated, ");
        assertThat(passwordHashOf("newcomer")).startsWith("{bcrypt}");
        assertThatResponse(login("newcomer", "newcomer-pass-1")).hasStatus(200);

        django.jdbc().sql("UPDATE accounts_user SET password = :hash WHERE username = 'newcomer'").param("hash", NEWCOMER_HASH_2).update();
        assertThat(line(migrate(), "users")).contains(": 0 inserted, 1 updated, ");
        assertThatResponse(login("newcomer", "newcomer-pass-1")).hasStatus(400);
        assertThatResponse(login("newcomer", "newcomer-pass-2")).hasStatus(200);
    }

    @Test
    void aDjangoKeyRetiredInScanledgerStaysRetiredThroughLaterRuns() {
        migrate();
        String key = tokenOf("boss");
        assertThatResponse(api.post("/api/auth/logout/").token(key).send()).hasStatus(204);
        try {
            Run next = migrate();

            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(line(next, "tokens")).contains(": 0 inserted, ");
            assertThatResponse(api.get("/api/labels/").token(key).send()).hasStatus(401).hasDetail("Invalid token.");
            assertThat(line(verify(), "tokens")).doesNotContain("missing");
        } finally {
            // the other tests use every Django key: forgetting the retirement lets the next run bring it back
            scanledger.jdbc().sql("DELETE FROM retired_imported_keys").update();
            migrate();
        }
    }

    /** Django 3.2.25's make_password("newcomer-pass-1") and ("newcomer-pass-2"). */
    static final String NEWCOMER_HASH_1 = "pbkdf2_sha256$260000$Oh0mXdDNVuDJRqgIjKGDuU$cWb8Hm1o3XgJuWjVRuKDYEsZzhvo+1QkXYllhueODDc=";
    static final String NEWCOMER_HASH_2 = "pbkdf2_sha256$260000$AOZBTnvLeYyP8NUgG7kO6q$+eIpx0TuTwQl6A4Cj9ITg9beEhcUfw1/XRfNLn2X/pY=";

    @Test
    void verifyPassesAndFailsNamingTheDifferenceAfterAScanledgerRowIsAltered() {
        migrate();
        Run verified = verify();
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verified: Scanledger holds every row, token and image of Django, identical.");
        assertThat(line(verified, "scans")).matches("scans: Django (\\d+), Scanledger \\1, checksum (\\w+) = \\2: identical");

        scanledger.jdbc().sql("UPDATE scans SET label_quality = 0.99 WHERE id = 17").update();
        Run different = verify();

        assertThat(different.exitCode()).isEqualTo(1);
        assertThat(line(different, "scans")).contains("≠").endsWith(": 1 differing");
        assertThat(different.output())
                .contains("  scans 17: label_quality is \"0.55\" in Django, \"0.99\" in Scanledger")
                .contains("Different: scans.");

        assertThat(line(migrate(), "scans")).contains(": 0 inserted, 1 updated, ");
        assertThat(verify().exitCode()).isZero();
    }

    /** Every index of the tables a first copy defers indexes of, as pg_get_indexdef writes it and whether it is valid. */
    private static List<String> indexesOfScansAndLabels(JdbcClient database) {
        return database.sql("""
                SELECT c.relname || ': ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' (invalid)' END
                  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 WHERE i.indrelid IN ('scans'::regclass, 'labels'::regclass)
                 ORDER BY c.relname
                """).query(String.class).list();
    }

    /** The state a copy killed between dropping an index and building it again leaves: the index gone, its statement recorded. */
    private void dropAsAKilledFirstCopyWould(String index) {
        scanledger.jdbc().sql("""
                WITH recorded AS (
                    INSERT INTO deferred_indexes (index_name, table_name, definition)
                    SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname = :index RETURNING 1)
                SELECT count(*) FROM recorded
                """).param("index", index).query(Long.class).single();
        scanledger.jdbc().sql("DROP INDEX " + index).update();
    }

    @Test
    void theFirstCopyBuildsTheSecondaryIndexesAfterTheRowsAndLeavesEveryIndexAsTheSchemaHasIt() {
        assertThat(firstCopy.output())
                .contains("labels: 2 secondary indexes built in")
                .contains("scans: 8 secondary indexes built in");
        assertThat(indexesOfScansAndLabels(scanledger.jdbc())).isEqualTo(indexesOfScansAndLabels(JdbcClient.create(testDatabase)));
        assertThat(scanledger.jdbc().sql("SELECT count(*) FROM deferred_indexes").query(Long.class).single()).isZero();
    }

    @Test
    void aRunIntoTablesThatHoldRowsDefersNoIndex() {
        Run second = migrate();

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain("indexes built");
    }

    @Test
    void anIndexAKilledFirstCopyLeftDroppedFailsVerifyAndIsBuiltByTheNextRun() {
        List<String> schema = indexesOfScansAndLabels(scanledger.jdbc());
        dropAsAKilledFirstCopyWould("scans_created_idx");
        try {
            Run verified = verify();
            assertThat(verified.exitCode()).isEqualTo(1);
            assertThat(verified.output())
                    .contains("indexes: 1 dropped by an unfinished first copy and not built again (scans_created_idx): run migrate-from-django again")
                    .contains("Different: indexes.");

            Run next = migrate();

            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(next.output()).contains("An unfinished first copy left indexes dropped; building them first: scans_created_idx");
        } finally {
            migrate();
        }
        assertThat(indexesOfScansAndLabels(scanledger.jdbc())).isEqualTo(schema);
        assertThat(verify().exitCode()).isZero();
    }

    @Test
    void anInvalidIndexAKilledConcurrentBuildLeftIsReplacedByTheRecordedOne() {
        List<String> schema = indexesOfScansAndLabels(scanledger.jdbc());
        dropAsAKilledFirstCopyWould("scans_created_idx");
        try {
            // a build killed half-way leaves its index invalid under the recorded name; this one fails half-way on its own
            assertThatThrownBy(() -> scanledger.jdbc().sql("CREATE INDEX CONCURRENTLY scans_created_idx ON scans ((1 / (phase - phase)))").update())
                    .hasMessageContaining("division by zero");
            assertThat(indexesOfScansAndLabels(scanledger.jdbc())).contains(
                    "scans_created_idx: CREATE INDEX scans_created_idx ON public.scans USING btree (((1 / (phase - phase)))) (invalid)");

            Run next = migrate();

            assertThat(next.exitCode()).as(next.output()).isZero();
        } finally {
            migrate();
        }
        assertThat(indexesOfScansAndLabels(scanledger.jdbc())).isEqualTo(schema);
    }

    @Test
    void verifyComparesImagesBySizeAndDigest() throws IOException {
        migrate();
        Files.write(scanledger.mediaRoot().resolve("labels/scan-10-0.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});

        Run different = verify();

        assertThat(different.exitCode()).isEqualTo(1);
        assertThat(line(different, "images")).endsWith(": 1 differing");
        assertThat(different.output()).contains("  image labels/scan-10-0.jpg: 677 bytes, SHA-256 ").contains("in Django; 4 bytes, SHA-256 ");
        assertThat(line(migrate(), "images")).contains(": 0 inserted, 1 updated, ");
        assertThat(verify().exitCode()).isZero();
    }

    @Test
    void aSourceWithADuplicatePairIsRefusedByThePreFlightBeforeAnythingIsWritten() {
        try (DjangoDatabase duplicated = DjangoDatabase.fromFixture(testDatabase, "django_duplicates")) {
            duplicated.jdbc().sql("ALTER TABLE labels_scan DROP CONSTRAINT labels_scan_label_id_phase_81ec6788_uniq").update();
            duplicated.jdbc().sql("""
                    INSERT INTO labels_scan (id, phase, label_image, created_date, updated_date, label_id, user_id)
                    VALUES (5000, 0, '', '2026-11-06 10:00:00+00', '2026-11-06 10:00:00+00', 1, 2)
                    """).update();
            duplicated.jdbc().sql("UPDATE labels_label SET code = 'TR-CHANGED' WHERE id = 7").update();
            Run refused = migrate(duplicated);

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("Pre-flight: 1 rows Scanledger would refuse, 0 images that cannot be copied:")
                    .contains("  scans 5000: repeats scan 1 (label_id, phase = 1, 0)")
                    .contains("Nothing was written.");
            assertThat(scanledger.jdbc().sql("SELECT code FROM labels WHERE id = 7").query(String.class).single()).isEqualTo("TR-00007");
            assertThat(scanledger.jdbc().sql("SELECT count(*) FROM scans WHERE id = 5000").query(Long.class).single()).isZero();
        }
    }

    @Test
    void missingReferencesAndImagesAreRefusedUnlessSkippedAndTheSkippedRowsAreListed() {
        try (DjangoDatabase broken = DjangoDatabase.fromFixture(testDatabase, "django_broken")) {
            broken.jdbc().sql("ALTER TABLE labels_scan DROP CONSTRAINT labels_scan_label_id_7602062f_fk_labels_label_id").update();
            broken.jdbc().sql("""
                    INSERT INTO labels_scan (id, phase, label_image, created_date, updated_date, label_id, user_id)
                    VALUES (5001, 1, '', '2026-11-06 10:00:00+00', '2026-11-06 10:00:00+00', 99999, 2)
                    """).update();
            broken.jdbc().sql("UPDATE labels_scan SET label_image = 'labels/never-uploaded.png' WHERE id = 3").update();
            Run refused = migrate(broken);

            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("Pre-flight: 1 rows Scanledger would refuse, 1 images that cannot be copied:")
                    .contains("  scans 5001: label 99999 does not exist")
                    .contains("  image labels/never-uploaded.png is missing from " + DjangoDatabase.media() + " (scan 3)")
                    .contains("Nothing was written.");

            Run skipping = migrate(broken, "--skip-invalid");

            assertThat(skipping.exitCode()).as(skipping.output()).isZero();
            assertThat(skipping.output()).contains("  scans 5001: label 99999 does not exist")
                    .contains("--skip-invalid: the rows and images above are left out.");
            assertThat(line(skipping, "scans")).startsWith("scans: 650 rows in").endsWith(", 1 skipped");
            assertThat(line(skipping, "images")).endsWith(", 1 skipped");
            assertThat(scanledger.jdbc().sql("SELECT count(*) FROM scans WHERE id = 5001").query(Long.class).single()).isZero();
        } finally {
            migrate();
        }
    }

    @Test
    void rowsScanledgerCreatedItselfStandingInTheWayAreRefusedByThePreFlightNamingThem() {
        migrate();
        // Scanledger's ids start past Django's at each run, so its own next user takes the id Django's next user gets.
        long own = scanledger.jdbc().sql("INSERT INTO users (username, password_hash, role) VALUES ('localonly', '{noop}-', 'driver') RETURNING id")
                .query(Long.class).single();
        scanledger.jdbc().sql("""
                INSERT INTO users (id, username, password_hash, role) OVERRIDING SYSTEM VALUE VALUES (9000, 'collider', '{noop}-', 'driver')
                """).update();
        long site = scanledger.jdbc().sql("INSERT INTO sites (kind, name) VALUES ('store', 'Collider Store') RETURNING id").query(Long.class).single();
        djangoUser(own, "djangonew");
        djangoUser(own + 1000, "collider");
        django.jdbc().sql("INSERT INTO factories_store (id, name, distribution_id) VALUES (90, 'Collider Store', NULL)").update();
        try {
            Run refused = migrate();

            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("  users %d: id %d is Scanledger's own user localonly, created there, not a copy of Django's djangonew".formatted(own, own))
                    .contains("  users %d: username collider is Scanledger's user 9000".formatted(own + 1000))
                    .contains("  stores 90: name Collider Store is Scanledger's store %d".formatted(site))
                    .contains("Nothing was written.");

            Run skipping = migrate("--skip-invalid");

            assertThat(skipping.exitCode()).as(skipping.output()).isZero();
            assertThat(scanledger.jdbc().sql("SELECT username FROM users WHERE id = :id").param("id", own).query(String.class).single())
                    .isEqualTo("localonly");
            assertThat(scanledger.jdbc().sql("SELECT id FROM users WHERE username = 'collider'").query(Long.class).single()).isEqualTo(9000);
            assertThat(scanledger.jdbc().sql("SELECT count(*) FROM sites WHERE kind = 'store' AND id = 90").query(Long.class).single()).isZero();
        } finally {
            django.jdbc().sql("DELETE FROM factories_store WHERE id = 90").update();
            django.jdbc().sql("DELETE FROM accounts_user WHERE username IN ('djangonew', 'collider')").update();
            scanledger.jdbc().sql("DELETE FROM users WHERE username IN ('localonly', 'collider')").update();
            scanledger.jdbc().sql("DELETE FROM sites WHERE id = :id").param("id", site).update();
        }
    }

    private void djangoUser(long id, String username) {
        django.jdbc().sql("""
                INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                           date_joined, role)
                VALUES (:id, '!', false, :username, '', '', '', false, true, '2026-11-06 11:00:00+00', 'factory_driver')
                """).param("id", id).param("username", username).update();
    }

    @Test
    void theStockAuthUserTableIsRecognisedAndADryRunCountsWithoutWriting() {
        migrate();
        try (DjangoDatabase stock = DjangoDatabase.fromFixture(testDatabase, "django_stock_users")) {
            // Django's own user model: auth_user, without the project's role column
            stock.jdbc().sql("ALTER TABLE accounts_user RENAME TO auth_user").update();
            stock.jdbc().sql("ALTER TABLE auth_user DROP COLUMN role").update();
            Run dryRun = migrate(stock, "--dry-run");

            assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
            // without roles, the five factory drivers would become users without rights; office and boss stay
            assertThat(line(dryRun, "users")).isEqualTo("users: would insert 0, update 5, leave 2 unchanged");
            assertThat(dryRun.output()).contains("Dry run: nothing was written.");
            assertThat(scanledger.jdbc().sql("SELECT role FROM users WHERE username = 'ayse'").query(String.class).single()).isEqualTo("driver");
        }
    }
}
