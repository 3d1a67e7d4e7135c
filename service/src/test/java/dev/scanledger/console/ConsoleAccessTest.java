package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.sites.SiteKind;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may open the console, and its CSRF protection, over plain HTTP. */
@ApiTest
class ConsoleAccessTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    private ConsoleSession signedIn(Role role) {
        Account account = fixtures.account(role);
        ConsoleSession session = new ConsoleSession(api);
        HttpResponse<String> answer = session.signIn(account.username(), Fixtures.PASSWORD);
        assertThat(answer.headers().firstValue("Location")).hasValue("/console/");
        return session;
    }

    @Test
    void anonymousVisitorsAreSentToTheSignInForm() {
        HttpResponse<String> answer = new ConsoleSession(api).get("/console/scans");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
    }

    @Test
    void managersAndAdminsOpenEveryPage() {
        for (Role role : new Role[] {Role.MANAGER, Role.ADMIN}) {
            ConsoleSession session = signedIn(role);
            for (String page : new String[] {"/console/", "/console/scans", "/console/labels", "/console/duplicates",
                    "/console/users", "/console/sites", "/console/audit", "/console/scans/new", "/console/labels/import"}) {
                assertThat(session.get(page).statusCode()).as(role + " " + page).isEqualTo(200);
            }
        }
    }

    @Test
    void aDriverCannotSignIn() {
        Account driver = fixtures.driver();
        ConsoleSession session = new ConsoleSession(api);

        HttpResponse<String> answer = session.signIn(driver.username(), Fixtures.PASSWORD);

        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error=driver");
        assertThat(session.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void anApiKeyDoesNotOpenTheConsoleNorASessionTheApi() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession session = signedIn(Role.MANAGER);

        Api.Response withKey = api.get("/console/").token(manager.token()).send();

        assertThat(withKey.status()).isEqualTo(302);
        assertThat(session.get("/api/labels/").statusCode()).isEqualTo(401);
    }

    @Test
    void aPostWithAForgedCsrfTokenIsRefusedAndChangesNothing() {
        ConsoleSession session = signedIn(Role.MANAGER);
        String name = "csrf-" + System.nanoTime();
        session.get("/console/sites");

        HttpResponse<String> genuine = session.post("/console/sites", Map.of("kind", "store", "name", name + "-ok"));
        HttpResponse<String> forged = session.postRaw("/console/sites", Map.of("kind", "store", "name", name, "_csrf", "forged"));

        // refused by Spring Security's CSRF filter: sent back to sign in, never to the created site
        assertThat(forged.statusCode()).isIn(302, 403);
        assertThat(forged.headers().firstValue("Location").orElse("")).doesNotContain("/console/sites");
        assertThat(genuine.headers().firstValue("Location").orElseThrow()).contains("/console/sites?created=");
        assertThat(jdbc.sql("SELECT count(*) FROM sites WHERE name LIKE :name").param("name", name + "%").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aSignInWithoutTheCsrfTokenIsSentBackToTheForm() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession session = new ConsoleSession(api);
        session.get("/console/login");

        HttpResponse<String> answer = session.postRaw("/console/login", Map.of("username", manager.username(), "password", Fixtures.PASSWORD));

        // as after a sign-in form left open past a restart: "Your session expired. Sign in again."
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?expired");
        assertThat(session.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void aSignedInFormWithAStaleCsrfTokenGetsAPageThatSaysSo() {
        ConsoleSession session = signedIn(Role.MANAGER);
        session.get("/console/sites");

        // as a form opened before signing in again elsewhere: its token is no longer the session's
        HttpResponse<String> answer = session.postRaw("/console/sites", Map.of("kind", "store", "name", "stale-" + System.nanoTime(), "_csrf", "stale"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(answer.body()).contains("This form was out of date");
    }

    @Test
    void aManagerCannotChangeAnAdmin() {
        Account admin = fixtures.account(Role.ADMIN);
        ConsoleSession session = signedIn(Role.MANAGER);
        session.get("/console/users/" + admin.id());

        HttpResponse<String> answer = session.post("/console/users/" + admin.id() + "/active", Map.of("active", "false"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT active FROM users WHERE id = :id").param("id", admin.id()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aDeactivatedManagerIsSignedOutAtTheNextRequest() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession session = new ConsoleSession(api);
        session.signIn(manager.username(), Fixtures.PASSWORD);
        assertThat(session.get("/console/scans").statusCode()).isEqualTo(200);

        fixtures.deactivate(manager);

        HttpResponse<String> answer = session.get("/console/scans");
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error=deactivated");
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleSession session = signedIn(Role.MANAGER);
        session.get("/console/");

        HttpResponse<String> out = session.post("/console/logout", Map.of());

        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?signed-out");
        assertThat(session.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void everyConsoleChangeIsInTheAuditLogWithBeforeAndAfter() {
        ConsoleSession session = signedIn(Role.ADMIN);
        long site = fixtures.site(SiteKind.STORE);
        session.get("/console/sites");
        String name = "renamed-" + System.nanoTime();

        session.post("/console/sites/" + site, Map.of("kind", "store", "name", name));

        Map<String, Object> entry = jdbc.sql("SELECT action, before->>'name' AS before, after->>'name' AS after FROM audit_log WHERE target = :t")
                .param("t", "site " + site).query().singleRow();
        assertThat(entry).containsEntry("action", "rename site").containsEntry("after", name);
        assertThat((String) entry.get("before")).startsWith("store-");
    }
}
