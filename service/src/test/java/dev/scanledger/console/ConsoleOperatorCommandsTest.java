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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the operator commands {@code users token} and {@code labels generate} do, a manager does from the console. */
@ApiTest
class ConsoleOperatorCommandsTest {

    private static final Pattern ISSUED_KEY = Pattern.compile("id=\"issued-key\">([0-9a-f]{40})<");

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    ConsoleSession manager;

    @BeforeEach
    void aSignedInManager() {
        manager = ConsoleSession.signedIn(api, fixtures, Role.MANAGER);
        manager.get("/console/");
    }

    private HttpResponse<String> followed(HttpResponse<String> redirect) {
        return manager.get(redirect.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", ""));
    }

    @Test
    void aKeyIssuedForADriverIsShownOnceAndWorksAtTheApi() {
        Account driver = fixtures.driver();

        HttpResponse<String> page = followed(manager.post("/console/users/" + driver.id() + "/keys", Map.of()));

        Matcher shown = ISSUED_KEY.matcher(page.body());
        assertThat(shown.find()).as(page.body()).isTrue();
        assertThat(api.get("/api/scans/").token(shown.group(1)).send().status()).isEqualTo(200);
        assertThat(manager.get("/console/users/" + driver.id()).body()).doesNotContain(shown.group(1));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'issue key' AND target = :target")
                .param("target", "user " + driver.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aManagerIssuesNoKeyForAnAdmin() {
        Account admin = fixtures.account(Role.ADMIN);

        HttpResponse<String> refused = manager.post("/console/users/" + admin.id() + "/keys", Map.of());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Managers manage drivers; ask an admin to change this admin.");
        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE user_id = :id").param("id", admin.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void labelsGeneratedAtAFactoryAreCreatedOnceAndCounted() {
        long factory = fixtures.site(SiteKind.FACTORY);
        String name = jdbc.sql("SELECT name FROM sites WHERE id = :id AND kind = 'factory'").param("id", factory).query(String.class).single();
        String prefix = "GEN-" + System.nanoTime() + "-";
        Map<String, String> form = Map.of("factory", name, "prefix", prefix, "count", "3");

        HttpResponse<String> first = manager.post("/console/labels/generate", form);
        HttpResponse<String> again = manager.post("/console/labels/generate", form);

        assertThat(first.body()).contains("3 labels created, 0 already existed.");
        assertThat(again.body()).contains("0 labels created, 3 already existed.");
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = :factory AND code LIKE :prefix || '%'")
                .param("factory", factory).param("prefix", prefix).query(Long.class).single()).isEqualTo(3);
    }
}
