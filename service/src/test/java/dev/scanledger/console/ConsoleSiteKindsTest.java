package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each kind of site has its own ids (as the original's three tables had, and as sites copied from it
 * keep them): the console names a site by its kind and id.
 */
@ApiTest
class ConsoleSiteKindsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    /** A distribution centre and a store with the same id, as a copy from Django makes them. */
    private long sharedId() {
        long id = 2_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        jdbc.sql("INSERT INTO sites (kind, id, name) OVERRIDING SYSTEM VALUE VALUES ('distribution', :id, 'DC ' || :id), ('store', :id, 'Store ' || :id)")
                .param("id", id).update();
        return id;
    }

    private String nameOf(String kind, long id) {
        return jdbc.sql("SELECT name FROM sites WHERE kind = :kind AND id = :id").param("kind", kind).param("id", id).query(String.class).single();
    }

    private ConsoleSession admin() {
        Account admin = fixtures.account(Role.ADMIN);
        ConsoleSession session = new ConsoleSession(api);
        session.signIn(admin.username(), Fixtures.PASSWORD);
        return session;
    }

    @Test
    void renamingAStoreLeavesTheDistributionCentreWithTheSameIdAlone() {
        long id = sharedId();
        ConsoleSession session = admin();
        session.get("/console/sites");

        session.post("/console/sites/" + id, Map.of("kind", "store", "name", "Store renamed " + id));

        assertThat(nameOf("store", id)).isEqualTo("Store renamed " + id);
        assertThat(nameOf("distribution", id)).isEqualTo("DC " + id);
    }

    @Test
    void aRenameWithoutAKindIsRefusedAndChangesNothing() {
        long id = sharedId();
        ConsoleSession session = admin();
        session.get("/console/sites");

        HttpResponse<String> answer = session.post("/console/sites/" + id, Map.of("name", "Ambiguous"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Choose a kind: factory, distribution or store.");
        assertThat(nameOf("store", id)).isEqualTo("Store " + id);
        assertThat(nameOf("distribution", id)).isEqualTo("DC " + id);
    }

    @Test
    void aUserWithoutARoleCannotSignInToTheConsole() {
        Account office = fixtures.account(Role.NONE);

        HttpResponse<String> answer = new ConsoleSession(api).signIn(office.username(), Fixtures.PASSWORD);

        assertThat(answer.headers().firstValue("Location").orElseThrow()).contains("/console/login?error");
    }
}
