package dev.scanledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The overview's figures, on a clock of its own in a year no other test writes scans in: exact counts per phase
 * for today, the last hour and each hour of the chart, computed once per ten seconds for every browser, and the
 * hours already over counted again only every five minutes.
 */
@ApiTest
class OverviewTest {

    private static final ZoneId ZONE = ZoneOffset.UTC;
    private static final AtomicLong DAYS = new AtomicLong();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    MovableClock clock;
    Overview overview;
    Account driver;
    List<Long> labels;
    int nextLabel;

    @BeforeEach
    void anOverviewOnItsOwnClock() {
        // a day of its own far ahead: a fresh one per test, so tests do not see each other's scans
        Instant noon = Instant.parse("2090-01-01T12:30:00Z").plus(Duration.ofDays(DAYS.incrementAndGet()));
        clock = new MovableClock(noon);
        overview = new Overview(jdbc, clock);
        driver = fixtures.driver();
        labels = fixtures.labels(20);
    }

    private void scan(int phase, Duration ago) {
        jdbc.sql("INSERT INTO scans (user_id, label_id, phase, created_date) VALUES (:user, :label, :phase, CAST(:at AS timestamptz))")
                .param("user", driver.id()).param("label", labels.get(nextLabel++)).param("phase", phase)
                .param("at", clock.instant().minus(ago).toString())
                .update();
    }

    @Test
    void todayTheLastHourAndTheChartCountEachPhase() {
        scan(1, Duration.ofMinutes(10));
        scan(1, Duration.ofMinutes(50));
        scan(2, Duration.ofMinutes(70));
        scan(3, Duration.ofHours(12).plusMinutes(10));   // 00:20 today
        scan(3, Duration.ofHours(13));                    // 23:30 yesterday, in the chart but not today
        scan(2, Duration.ofHours(30));                    // out of the chart

        Overview.Snapshot now = overview.now(ZONE);

        assertThat(now.figures().today()).containsExactly(0, 2, 1, 1);
        assertThat(now.figures().lastHour()).containsExactly(0, 2, 0, 0);
        assertThat(now.figures().activeDriversToday()).isEqualTo(1);
        assertThat(now.chart().bars()).extracting(Overview.Bar::title)
                .containsExactlyInAnyOrder("23:00 Store: 1", "00:00 Store: 1", "11:00 Distribution: 1", "11:00 Factory: 1", "12:00 Factory: 1");
        assertThat(now.chart().max()).isEqualTo(2);
    }

    @Test
    void everyBrowserWithinTenSecondsGetsTheSameAnswer() {
        scan(1, Duration.ofMinutes(5));
        Overview.Snapshot first = overview.now(ZONE);
        scan(1, Duration.ofMinutes(1));

        clock.move(Overview.FRESH.minusSeconds(1));
        Overview.Snapshot cached = overview.now(ZONE);
        clock.move(Duration.ofSeconds(2));
        Overview.Snapshot fresh = overview.now(ZONE);

        assertThat(cached).isSameAs(first);
        assertThat(fresh.figures().today()[1]).isEqualTo(2);
    }

    @Test
    void theHoursAlreadyOverAreCountedAgainEveryFiveMinutes() {
        overview.now(ZONE);
        scan(2, Duration.ofHours(3));   // an hour already counted: as when history is imported

        clock.move(Overview.FRESH.plusSeconds(1));
        long[] soon = overview.now(ZONE).figures().today();
        clock.move(Overview.PAST_HOURS_KEPT);
        long[] later = overview.now(ZONE).figures().today();

        assertThat(soon[2]).isZero();
        assertThat(later[2]).isEqualTo(1);
    }

    @Test
    void theCurrentHourIsAlwaysCountedAfresh() {
        overview.now(ZONE);
        scan(3, Duration.ofMinutes(2));

        clock.move(Overview.FRESH.plusSeconds(1));

        assertThat(overview.now(ZONE).figures().today()[3]).isEqualTo(1);
        assertThat(overview.now(ZONE).figures().lastHour()[3]).isEqualTo(1);
    }

    /** A clock the test moves on. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
