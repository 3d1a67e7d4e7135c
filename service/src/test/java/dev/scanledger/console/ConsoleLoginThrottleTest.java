package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's sign-in form takes from the same buckets as the API's login (the test configuration allows 5
 * attempts per username and minute): guessing a password gains nothing by moving between the two, and a
 * throttled attempt is refused whatever its password, with the time to wait.
 */
@ApiTest
class ConsoleLoginThrottleTest {

    private static final int PER_USERNAME = 5;

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    private static String sentTo(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    private int apiLogin(Account account, String password) {
        return api.post("/api/auth/token/").json("{\"username\": \"%s\", \"password\": \"%s\"}".formatted(account.username(), password))
                .send().status();
    }

    @Test
    void pastTheLimitEvenTheRightPasswordIsRefusedWithTheTimeToWait() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession browser = new ConsoleSession(api);
        for (int attempt = 0; attempt < PER_USERNAME; attempt++) {
            assertThat(sentTo(browser.signIn(manager.username(), "wrong-guess-" + attempt))).endsWith("/console/login?error=credentials");
        }

        HttpResponse<String> right = browser.signIn(manager.username(), Fixtures.PASSWORD);

        assertThat(sentTo(right)).contains("/console/login?error=throttled&wait=");
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(browser.get(sentTo(right).replaceFirst("^https?://[^/]+", "")).body()).contains("Too many sign-in attempts. Try again in ");
        assertThat(browser.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void theConsoleAndTheApiShareOneAllowance() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession browser = new ConsoleSession(api);
        for (int attempt = 0; attempt < 3; attempt++) {
            browser.signIn(manager.username(), "wrong-guess-" + attempt);
        }
        assertThat(apiLogin(manager, "wrong-guess")).isEqualTo(400);
        assertThat(apiLogin(manager, "wrong-guess")).isEqualTo(400);

        assertThat(sentTo(browser.signIn(manager.username(), Fixtures.PASSWORD))).contains("error=throttled");
        assertThat(apiLogin(manager, Fixtures.PASSWORD)).isEqualTo(429);
    }

    @Test
    void usernamesDifferingOnlyInCaseShareTheirAllowance() {
        Account manager = fixtures.account(Role.MANAGER);
        ConsoleSession browser = new ConsoleSession(api);
        for (int attempt = 0; attempt < PER_USERNAME; attempt++) {
            browser.signIn(attempt % 2 == 0 ? manager.username().toUpperCase() : manager.username(), "wrong-guess");
        }

        assertThat(sentTo(browser.signIn(" " + manager.username() + " ", Fixtures.PASSWORD))).contains("error=throttled");
    }
}
