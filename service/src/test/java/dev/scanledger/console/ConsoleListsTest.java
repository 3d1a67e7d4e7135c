package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/**
 * Every console list is read a page of at most 50 at a time, searched, and followed page by page to its end,
 * whatever the number of rows: the test database holds thousands of users and sites from other tests.
 */
@ApiTest
class ConsoleListsTest {

    private static final Pattern NEXT = Pattern.compile("<a href=\"([^\"]+)\" id=\"next-page\"");
    private static final Pattern OLDER = Pattern.compile("<a href=\"([^\"]+)\" id=\"older-page\"");

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    ConsoleSession session;

    @BeforeEach
    void aSignedInAdmin() {
        session = ConsoleSession.signedIn(api, fixtures, Role.ADMIN);
    }

    /** {@code count} users {@code <prefix>-000}, {@code <prefix>-001}, ...: a fresh prefix each time. */
    private String users(int count, Role role, String firstName, String lastName) {
        String prefix = "list" + System.nanoTime();
        jdbc.sql("""
                INSERT INTO users (username, password_hash, role, first_name, last_name)
                SELECT :prefix || '-' || lpad(n::text, 3, '0'), 'not-a-hash', :role, :first, :last FROM generate_series(0, :count - 1) n
                """)
                .param("prefix", prefix).param("role", role.dbValue()).param("first", firstName).param("last", lastName).param("count", count)
                .update();
        return prefix;
    }

    /** The values of {@code attribute} on the rows of the page, in order. */
    private static List<String> rows(String html, String attribute) {
        List<String> values = new ArrayList<>();
        Matcher row = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(html);
        while (row.find()) {
            values.add(HtmlUtils.htmlUnescape(row.group(1)));
        }
        return values;
    }

    /** Every row of the list, following its "next" (or "older") links to the end; the pages' sizes in {@code pages}. */
    private List<String> everyRow(String first, String attribute, Pattern next, List<Integer> pages) {
        List<String> all = new ArrayList<>();
        for (String page = first; page != null; ) {
            HttpResponse<String> answer = session.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            List<String> rows = rows(answer.body(), attribute);
            pages.add(rows.size());
            all.addAll(rows);
            Matcher link = next.matcher(answer.body());
            page = link.find() ? HtmlUtils.htmlUnescape(link.group(1)) : null;
        }
        return all;
    }

    @Test
    void theUsersListIsReadFiftyAtATimeInUsernameOrderToItsEnd() {
        String prefix = users(120, Role.DRIVER, "", "");
        List<Integer> pages = new ArrayList<>();

        List<String> seen = everyRow("/console/users?q=" + prefix, "data-user", NEXT, pages);

        assertThat(pages).containsExactly(50, 50, 20);
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 120).mapToObj(n -> prefix + "-%03d".formatted(n)).toList());
    }

    @Test
    void theWholeUsersListShowsFiftyAndALinkOn() {
        users(60, Role.DRIVER, "", "");

        String html = session.get("/console/users").body();

        assertThat(rows(html, "data-user")).hasSize(50);
        assertThat(NEXT.matcher(html).find()).isTrue();
    }

    @Test
    void usersAreFoundByTheStartOfTheirUsernameFirstOrLastNameInAnyCase() {
        String byName = users(3, Role.DRIVER, "Zephyrine" + System.nanoTime(), "Quist");
        String firstName = jdbc.sql("SELECT first_name FROM users WHERE username = :u").param("u", byName + "-000").query(String.class).single();
        String lastName = "Qx" + System.nanoTime();
        String byLast = users(2, Role.DRIVER, "", lastName);

        assertThat(rows(session.get("/console/users?q=" + byName.toUpperCase()).body(), "data-user")).hasSize(3);
        assertThat(rows(session.get("/console/users?q=" + firstName.substring(0, firstName.length() - 3).toLowerCase()).body(), "data-user"))
                .allMatch(username -> username.startsWith(byName));
        assertThat(rows(session.get("/console/users?q=" + lastName.toLowerCase()).body(), "data-user"))
                .containsExactly(byLast + "-000", byLast + "-001");
    }

    @Test
    void usersAreNarrowedToARoleAndAStatus() {
        String prefix = "list" + System.nanoTime();
        for (String[] user : new String[][] {{"a", "driver", "true"}, {"b", "driver", "false"}, {"c", "manager", "true"}, {"d", "admin", "false"}}) {
            jdbc.sql("INSERT INTO users (username, password_hash, role, active) VALUES (:u, 'x', :role, CAST(:active AS boolean))")
                    .param("u", prefix + "-" + user[0]).param("role", user[1]).param("active", user[2]).update();
        }

        assertThat(rows(session.get("/console/users?q=" + prefix + "&role=driver").body(), "data-user"))
                .containsExactly(prefix + "-a", prefix + "-b");
        assertThat(rows(session.get("/console/users?q=" + prefix + "&status=deactivated").body(), "data-user"))
                .containsExactly(prefix + "-b", prefix + "-d");
        assertThat(rows(session.get("/console/users?q=" + prefix + "&role=admin&status=active").body(), "data-user")).isEmpty();
        assertThat(session.get("/console/users?q=" + prefix + "&role=admin&status=active").body()).contains("No user matches.");
    }

    @Test
    void theSitesListIsReadFiftyAtATimeAndSearchedByKindAndName() {
        String prefix = "Depot " + System.nanoTime();
        jdbc.sql("INSERT INTO sites (kind, name) SELECT 'distribution', :prefix || ' ' || lpad(n::text, 3, '0') FROM generate_series(0, 69) n")
                .param("prefix", prefix).update();
        jdbc.sql("INSERT INTO sites (kind, name) VALUES ('store', :name)").param("name", prefix + " store").update();
        List<Integer> pages = new ArrayList<>();

        List<String> distribution = everyRow("/console/sites?kind=distribution&name=" + prefix.toLowerCase().replace(' ', '+'),
                "data-site-name", NEXT, pages);
        List<String> anyKind = everyRow("/console/sites?name=" + prefix.replace(' ', '+'), "data-site-name", NEXT, new ArrayList<>());

        assertThat(pages).containsExactly(50, 20);
        assertThat(distribution).containsExactlyElementsOf(IntStream.range(0, 70).mapToObj(n -> prefix + " %03d".formatted(n)).toList());
        assertThat(anyKind).hasSize(71).endsWith(prefix + " store");
    }

    @Test
    void aCreatedSiteIsShownAfterItsCreationWhateverTheListHolds() {
        String name = "New store " + System.nanoTime();
        session.get("/console/sites");

        HttpResponse<String> created = session.post("/console/sites", Map.of("kind", "store", "name", name));
        String shown = session.get(created.headers().firstValue("Location").orElseThrow()).body();

        assertThat(shown).contains("The site was created.");
        assertThat(rows(shown, "data-site-name")).containsExactly(name);
    }

    @Test
    void scansAreFoundByTheirSitesName() {
        Fixtures.Account driver = fixtures.driver();
        long store = fixtures.site(SiteKind.STORE);
        String storeName = jdbc.sql("SELECT name FROM sites WHERE id = :id").param("id", store).query(String.class).single();
        List<Long> labels = fixtures.labels(3);
        for (long label : labels) {
            api.post("/api/scans/").token(driver.token()).json("{\"label\": " + label + ", \"phase\": 3, \"store\": " + store + "}").send();
        }

        String found = session.get("/console/scans?site=" + storeName).body();
        String typo = session.get("/console/scans?site_kind=store&site=" + storeName + "x").body();

        assertThat(rows(found, "data-scan")).hasSize(3);
        assertThat(typo).contains("No store is named &quot;" + storeName + "x&quot;.");
        assertThat(rows(typo, "data-scan")).isEmpty();
    }

    @Test
    void scansOfALabelCodeAreFoundOldAndNewInTimeOrder() {
        Fixtures.Account driver = fixtures.driver();
        List<Long> labels = fixtures.labels(60);
        String code = jdbc.sql("SELECT code FROM labels WHERE id = :id").param("id", labels.get(0)).query(String.class).single();
        String prefix = code.substring(0, code.indexOf('-') + 1);
        // one scan a day for 60 days back, with a million other scans' worth of time between them in a real database
        jdbc.sql("""
                INSERT INTO scans (user_id, label_id, phase, created_date)
                SELECT :user, label_id, 1, now() - (n || ' days')::interval FROM unnest(CAST(:labels AS bigint[])) WITH ORDINALITY AS t(label_id, n)
                """)
                .param("user", driver.id()).param("labels", labels.toArray(Long[]::new)).update();
        List<Integer> pages = new ArrayList<>();

        List<String> newestFirst = everyRow("/console/scans?code=" + prefix, "data-label", NEXT, pages);

        assertThat(pages).containsExactly(50, 10);
        assertThat(newestFirst).containsExactlyElementsOf(labels.stream().map(String::valueOf).toList());
    }

    @Test
    void aCodeStartingTooManyLabelsIsRefusedWithTheReason() {
        List<Long> labels = fixtures.labels(ScanSearch.LABELS_SEARCHED + 1);
        String code = jdbc.sql("SELECT code FROM labels WHERE id = :id").param("id", labels.get(0)).query(String.class).single();
        String prefix = code.substring(0, code.indexOf('-') + 1);
        String refusal = "More than 10000 labels have a code starting with &quot;" + prefix + "&quot;: type more of the code.";

        assertThat(session.get("/console/scans?code=" + prefix).body()).contains(refusal);
        assertThat(session.get("/console/labels?code=" + prefix).body()).contains(refusal);
        assertThat(session.get("/console/duplicates?code=" + prefix).body()).contains(refusal);
        assertThat(rows(session.get("/console/labels?code=" + prefix + "1000").body(), "data-label")).hasSize(3);
    }

    @Test
    void theAuditLogIsReadNewestFirstFiftyAtATime() {
        String target = "site " + fixtures.site(SiteKind.STORE);
        jdbc.sql("""
                INSERT INTO audit_log (actor_username, action, target, after)
                SELECT 'someone', 'rename site', :target, jsonb_build_object('n', n) FROM generate_series(1, 75) n
                """).param("target", target).update();
        List<Integer> pages = new ArrayList<>();

        List<String> entries = everyRow("/console/audit?target=" + target.replace(' ', '+'), "data-entry-after", OLDER, pages);

        assertThat(pages).containsExactly(50, 25);
        assertThat(entries.get(0)).isEqualTo("{\"n\": 75}");
        assertThat(entries.get(74)).isEqualTo("{\"n\": 1}");
    }

    @Test
    void suggestionsNameAtMostTwentySitesOrActiveDrivers() {
        String prefix = "Hub " + System.nanoTime();
        jdbc.sql("INSERT INTO sites (kind, name) SELECT 'store', :prefix || ' ' || n FROM generate_series(1, 30) n").param("prefix", prefix).update();
        String drivers = users(25, Role.DRIVER, "", "");
        jdbc.sql("UPDATE users SET active = false WHERE username = :u").param("u", drivers + "-000").update();

        List<String> stores = rows(session.get("/console/suggest/sites?kind=store&q=" + prefix.toLowerCase().replace(' ', '+')).body(), "value");
        List<String> distribution = rows(session.get("/console/suggest/sites?kind=distribution&q=" + prefix.replace(' ', '+')).body(), "value");
        List<String> named = rows(session.get("/console/suggest/drivers?q=" + drivers).body(), "value");

        assertThat(stores).hasSize(SuggestionPages.SUGGESTED).allMatch(name -> name.startsWith(prefix));
        assertThat(distribution).isEmpty();
        assertThat(named).hasSize(SuggestionPages.SUGGESTED).doesNotContain(drivers + "-000").startsWith(drivers + "-001");
    }

    @Test
    void searchValuesThatMeanNothingAreIgnored() {
        for (String page : new String[] {"/console/scans?after=2026-13-45T99:99:99Z_1", "/console/scans?from=%2B999999-01-01&to=0000-00-00",
                "/console/scans?code=a%00b&driver=%00&phase=9&site_kind=moon", "/console/labels?after=abc&factory=%00",
                "/console/users?after=%00&role=pilot&status=sleeping", "/console/sites?kind=moon&after=no-colon",
                "/console/duplicates?before=-1", "/console/audit?before=99999999999999999999"}) {
            assertThat(session.get(page).statusCode()).as(page).isEqualTo(200);
        }
    }
}
