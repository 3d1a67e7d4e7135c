package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** An idle console session ends after the configured timeout (its own context: a two-second timeout). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "scanledger.console.session-timeout=2s")
@ActiveProfiles("test")
@Import({Fixtures.class, Api.class})
class ConsoleSessionExpiryTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    @Test
    void anIdleSessionExpiresAndSendsToTheSignInForm() throws InterruptedException {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession session = new ConsoleSession(api);
        session.signIn(manager.username(), Fixtures.PASSWORD);
        int whileActive = session.get("/console/").statusCode();

        Thread.sleep(3_500);
        HttpResponse<String> afterIdle = session.get("/console/");

        assertThat(whileActive).isEqualTo(200);
        assertThat(afterIdle.statusCode()).isEqualTo(302);
        assertThat(afterIdle.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?expired");
    }
}
