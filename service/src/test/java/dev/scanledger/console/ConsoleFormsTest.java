package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every mistake a console user can make gets a console page that says what is wrong, in words, and changes
 * nothing: never the API's JSON, never a 500.
 */
@ApiTest
class ConsoleFormsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    ConsoleSession session;
    Account driver;

    @BeforeEach
    void aSignedInManagerOnAPage() {
        session = ConsoleSession.signedIn(api, fixtures, Role.MANAGER);
        driver = fixtures.driver();
        session.get("/console/users/" + driver.id());
    }

    private static void assertPage(HttpResponse<String> answer, int status, String message) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(answer.body()).contains(message);
    }

    private long scans() {
        return jdbc.sql("SELECT count(*) FROM scans").query(Long.class).single();
    }

    @Test
    void aValueThatIsNotAChoiceNamesTheField() {
        assertPage(session.post("/console/users/" + driver.id() + "/active", Map.of("active", "maybe")), 400,
                "active: &quot;maybe&quot; is not a valid value.");
        assertPage(session.post("/console/users/" + driver.id() + "/active", Map.of()), 400, "active: This field is required.");
        assertThat(jdbc.sql("SELECT active FROM users WHERE id = :id").param("id", driver.id()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aPageThatIsNotThereSaysSo() {
        for (String path : new String[] {"/console/users/abc", "/console/users/999999999999", "/console/scans/12x", "/console/nowhere",
                "/console/labels/import/no-such-job", "/console/sites/999999999999"}) {
            HttpResponse<String> answer = path.startsWith("/console/sites") ? session.post(path, Map.of("kind", "store", "name", "x")) : session.get(path);
            assertPage(answer, 404, ConsoleErrors.NOTHING_HERE);
        }
    }

    @Test
    void aPageAskedWithTheWrongMethodSaysSo() {
        assertPage(session.get("/console/users/" + driver.id() + "/active"), 405, "This page does not take a GET request.");
    }

    @Test
    void aNewUserWithSeveralMistakesHearsOfEachAtOnce() {
        String username = "bad name " + System.nanoTime();

        HttpResponse<String> answer = session.post("/console/users", Map.of("username", username, "password", "short", "role", "pilot",
                "email", "not-an-address"));

        assertPage(answer, 200, "username: Enter a valid username.");
        assertThat(answer.body()).contains("password: This password is too short. It must contain at least 8 characters.",
                "role: Select a valid choice.", "email: Enter a valid email address.");
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE username = :u").param("u", username).query(Long.class).single()).isZero();
    }

    @Test
    void aUserWithoutARoleIsShownWithoutOneAndKeepsItWhenTheirNamesAreSaved() {
        ConsoleSession admin = ConsoleSession.signedIn(api, fixtures, Role.ADMIN);
        Account office = fixtures.account(Role.NONE);

        String page = admin.get("/console/users/" + office.id()).body();
        admin.post("/console/users/" + office.id(), Map.of("first_name", "Olga", "last_name", "", "email", "", "role", "none"));

        assertThat(page).contains("<option value=\"none\" selected=\"selected\">none</option>");
        assertThat(jdbc.sql("SELECT role || ' ' || first_name FROM users WHERE id = :id").param("id", office.id()).query(String.class).single())
                .isEqualTo("none Olga");
    }

    @Test
    void generatingLabelsAtNoSuchFactoryOrOfNoCountNamesTheFieldsAndCreatesNothing() {
        String prefix = "NOGEN-" + System.nanoTime() + "-";

        HttpResponse<String> answer = session.post("/console/labels/generate", Map.of("factory", "No such factory", "prefix", prefix, "count", "0"));

        assertPage(answer, 400, "count: A whole number from 1 to 100000.");
        assertThat(answer.body()).contains("factory: ");
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE code LIKE :prefix || '%'").param("prefix", prefix).query(Long.class).single()).isZero();
    }

    @Test
    void generatingLabelsWithoutAFactoryOrPrefixOrWithAPrefixTooLongNamesTheField() {
        long factory = fixtures.site(SiteKind.FACTORY);
        String name = jdbc.sql("SELECT name FROM sites WHERE id = :id AND kind = 'factory'").param("id", factory).query(String.class).single();

        assertPage(session.post("/console/labels/generate", Map.of("count", "1")), 400, "factory: This field is required.");
        assertPage(session.post("/console/labels/generate", Map.of("factory", name, "count", "1")), 400, "prefix: This field is required.");
        assertPage(session.post("/console/labels/generate", Map.of("factory", name, "prefix", "P".repeat(101), "count", "1")), 400,
                "prefix: Ensure this field has no more than 100 characters.");
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :factory").param("factory", factory).query(Long.class).single()).isZero();
    }

    @Test
    void aPasswordTooShortIsRefusedAndNotReportedChanged() {
        HttpResponse<String> answer = session.post("/console/users/" + driver.id() + "/password", Map.of("password", "short"));

        assertPage(answer, 200, "password: This password is too short.");
        assertThat(answer.body()).doesNotContain("The password was changed.");
    }

    @Test
    void aScanForSomeoneWhoIsNotAnActiveDriverIsRefusedOnItsField() {
        long label = fixtures.label();
        long before = scans();
        session.get("/console/scans/new");

        HttpResponse<String> answer = session.post("/console/scans", Map.of("driver", "nobody-" + System.nanoTime(), "label", String.valueOf(label),
                "phase", "1"));

        assertPage(answer, 200, "driver: No active driver has the username");
        assertThat(scans()).isEqualTo(before);
    }

    @Test
    void aScanAtASiteThatDoesNotExistIsRefusedOnItsField() {
        long label = fixtures.label();
        long before = scans();
        session.get("/console/scans/new");

        HttpResponse<String> answer = session.post("/console/scans", Map.of("label", String.valueOf(label), "phase", "3",
                "store", "Nowhere " + System.nanoTime()));
        HttpResponse<String> badPhase = session.post("/console/scans", Map.of("label", String.valueOf(label), "phase", "9"));

        assertPage(answer, 200, "store: No store is named &quot;Nowhere");
        assertPage(badPhase, 200, "phase: &quot;9&quot; is not a valid choice.");
        assertThat(scans()).isEqualTo(before);
    }

    @Test
    void aScanEnteredForADriverAtNamedSitesIsRecorded() {
        long label = fixtures.label();
        long store = fixtures.site(SiteKind.STORE);
        String storeName = jdbc.sql("SELECT name FROM sites WHERE id = :id").param("id", store).query(String.class).single();
        String driverName = jdbc.sql("SELECT username FROM users WHERE id = :id").param("id", driver.id()).query(String.class).single();
        session.get("/console/scans/new");

        HttpResponse<String> answer = session.post("/console/scans", Map.of("driver", driverName, "label", String.valueOf(label), "phase", "3",
                "store", storeName));

        assertThat(answer.headers().firstValue("Location").orElseThrow()).contains("?created");
        assertThat(jdbc.sql("SELECT user_id, store_id FROM scans WHERE label_id = :l").param("l", label).query().singleRow())
                .containsEntry("user_id", driver.id()).containsEntry("store_id", store);
    }

    @Test
    void aSiteRenamedToATakenNameIsRefused() {
        long site = fixtures.site(SiteKind.STORE);
        long other = fixtures.site(SiteKind.STORE);
        String taken = jdbc.sql("SELECT name FROM sites WHERE id = :id").param("id", other).query(String.class).single();
        session.get("/console/sites");

        HttpResponse<String> answer = session.post("/console/sites/" + site, Map.of("kind", "store", "name", taken));

        assertPage(answer, 200, "name: A site of this kind with this name already exists.");
    }

    @Test
    void anUploadOverTheLimitIsRefusedWithTheLimit() {
        session.get("/console/labels/import");

        HttpResponse<String> answer = session.postFile("/console/labels/import", "file", "huge.csv", new byte[31 * 1024 * 1024]);

        assertPage(answer, 413, "The upload is too large: at most 30 MB.");
    }

    @Test
    void anUploadWithoutItsFileSaysSo() {
        session.get("/console/labels/import");

        HttpResponse<String> answer = session.postFile("/console/labels/import", "not-the-file", "labels.csv", new byte[10]);

        assertPage(answer, 400, "file: No file was submitted.");
    }
}
