package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.ScanledgerApplication;
import dev.scanledger.accounts.Role;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.ConsoleSession;
import dev.scanledger.support.ConsoleSession.EventStream;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second instance of the service on the test database, stopped with browsers on its live feed: its graceful
 * shutdown must find no request still open, neither a connected browser's nor one whose browser already left
 * (such a request stayed open until its 30-minute timeout, and every stop waited out the shutdown timeout).
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class ConsoleShutdownTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    DataSource dataSource;

    @Test
    void theServiceStopsWithoutWaitingForLiveFeeds(CapturedOutput output) throws Exception {
        Account manager = fixtures.account(Role.MANAGER);
        ConfigurableApplicationContext second = new SpringApplicationBuilder(ScanledgerApplication.class)
                .profiles("test")
                .run("--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
                        "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=2",
                        // a regression then fails in seconds, not after the default 30
                        "--spring.lifecycle.timeout-per-shutdown-phase=10s");
        EventStream staying;
        try {
            ConsoleSession browser = new ConsoleSession("http://127.0.0.1:" + second.getEnvironment().getRequiredProperty("local.server.port"));
            browser.signIn(manager.username(), Fixtures.PASSWORD);
            LiveFeed feed = second.getBean(LiveFeed.class);
            staying = browser.stream("/console/live");
            EventStream leaving = browser.stream("/console/live");
            assertThat(staying.lineContaining(":connected", Duration.ofSeconds(20))).isNotNull();
            assertThat(leaving.lineContaining(":connected", Duration.ofSeconds(20))).isNotNull();
            leaving.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (feed.streamsOf(manager.id()) > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(feed.streamsOf(manager.id())).as("the stream whose browser left").isEqualTo(1);
        } finally {
            second.close();
        }

        assertThat(staying.endsWithin(Duration.ofSeconds(5))).as("the connected browser's stream").isTrue();
        assertThat(output).contains("Graceful shutdown complete").doesNotContain("Graceful shutdown aborted");
    }
}
