package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.ConsoleSession.EventStream;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The live feed's event streams over plain HTTP: each one is an open request, ended by the service as soon as
 * it cannot be served any more. The test configuration beats every second; the waits below allow a loaded
 * machine many beats.
 */
@ApiTest
class ConsoleLiveFeedTest {

    private static final Duration BEATS = Duration.ofSeconds(20);

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LiveFeed feed;

    Account manager;
    ConsoleSession session;

    @BeforeEach
    void aSignedInManager() {
        manager = fixtures.account(Role.MANAGER);
        session = new ConsoleSession(api);
        session.signIn(manager.username(), Fixtures.PASSWORD);
    }

    private EventStream connected() throws InterruptedException {
        EventStream stream = session.stream("/console/live");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.lineContaining(":connected", BEATS)).isNotNull();
        return stream;
    }

    private boolean letGoWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (feed.streamsOf(manager.id()) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void aStreamIsKeptOpenByHeartbeats() throws Exception {
        try (EventStream stream = connected()) {
            assertThat(stream.lineContaining(":still here", BEATS)).isNotNull();
            assertThat(feed.streamsOf(manager.id())).isEqualTo(1);
        }
    }

    @Test
    void aStreamWhoseBrowserLeftIsEndedByTheService() throws Exception {
        EventStream stream = connected();

        stream.close();

        // the request itself is over, not merely forgotten: it would hold the server's shutdown otherwise
        assertThat(letGoWithin(BEATS)).isTrue();
    }

    @Test
    void aDeactivatedManagersStreamEnds() throws Exception {
        try (EventStream stream = connected()) {
            fixtures.deactivate(manager);

            assertThat(stream.endsWithin(BEATS)).isTrue();
            assertThat(letGoWithin(BEATS)).isTrue();
        }
    }

    @Test
    void theStreamOfAManagerMadeADriverEnds() throws Exception {
        try (EventStream stream = connected()) {
            jdbc.sql("UPDATE users SET role = 'driver' WHERE id = :id").param("id", manager.id()).update();

            assertThat(stream.endsWithin(BEATS)).isTrue();
        }
    }

    @Test
    void aStreamEndsWithTheSessionThatOpenedIt() throws Exception {
        try (EventStream stream = connected()) {
            session.get("/console/");
            session.post("/console/logout", Map.of());

            assertThat(stream.endsWithin(BEATS)).isTrue();
        }
    }

    @Test
    void aStreamOfAnotherSessionOfTheSameManagerStaysOpen() throws Exception {
        ConsoleSession other = new ConsoleSession(api);
        other.signIn(manager.username(), Fixtures.PASSWORD);
        try (EventStream stream = connected()) {
            other.get("/console/");
            other.post("/console/logout", Map.of());

            assertThat(stream.lineContaining(":still here", BEATS)).isNotNull();
            assertThat(stream.lineContaining(":still here", BEATS)).isNotNull();
        }
    }
}
