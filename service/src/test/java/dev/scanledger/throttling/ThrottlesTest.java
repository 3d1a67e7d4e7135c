package dev.scanledger.throttling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Buckets in PostgreSQL: two instances on one database share each client's allowance. */
@ApiTest
class ThrottlesTest {

    private static final Rate THREE_PER_MINUTE = Rate.parse("3/min");

    @Autowired
    DataSource dataSource;

    @Test
    void aClientGetsItsRateAndThenTheWaitUntilTheNextRequest() {
        Throttles instance = new Throttles(dataSource);
        String client = UUID.randomUUID().toString();

        for (int i = 0; i < 3; i++) {
            assertThat(instance.take("test", client, THREE_PER_MINUTE)).isEmpty();
        }
        Duration wait = instance.take("test", client, THREE_PER_MINUTE).orElseThrow();

        // Refilled evenly: the next request is allowed a third of a minute after the bucket ran dry.
        assertThat(wait).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(20));
    }

    @Test
    void requestsSpreadOverTwoInstancesDrawOnOneAllowance() {
        Throttles first = new Throttles(dataSource);
        Throttles second = new Throttles(dataSource);
        String client = UUID.randomUUID().toString();

        assertThat(first.take("test", client, THREE_PER_MINUTE)).isEmpty();
        assertThat(second.take("test", client, THREE_PER_MINUTE)).isEmpty();
        assertThat(first.take("test", client, THREE_PER_MINUTE)).isEmpty();

        assertThat(second.take("test", client, THREE_PER_MINUTE)).isPresent();
        assertThat(first.take("test", client, THREE_PER_MINUTE)).isPresent();
    }

    @Test
    void clientsAndScopesHaveBucketsOfTheirOwn() {
        Throttles throttles = new Throttles(dataSource);
        String client = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            throttles.take("test", client, THREE_PER_MINUTE);
        }

        assertThat(throttles.take("test", client + "-other", THREE_PER_MINUTE)).isEmpty();
        assertThat(throttles.take("other-scope", client, THREE_PER_MINUTE)).isEmpty();
    }

    @Test
    void drfsRateSyntaxReadsThePeriodsFirstLetter() {
        assertThat(Rate.parse("10/min")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(Rate.parse("5/s")).isEqualTo(new Rate(5, Duration.ofSeconds(1)));
        assertThat(Rate.parse("100/hour")).isEqualTo(new Rate(100, Duration.ofHours(1)));
        assertThat(Rate.parse("1000/day")).isEqualTo(new Rate(1000, Duration.ofDays(1)));
        assertThat(Rate.parse(" ")).isNull();
    }

    @Test
    void drfsThrottledMessageRoundsTheWaitUpAndSaysSecondInTheSingular() {
        assertThat(new Throttled(Duration.ofMillis(200)).detail()).isEqualTo("Request was throttled. Expected available in 1 second.");
        assertThat(new Throttled(Duration.ofMillis(2001)).detail()).isEqualTo("Request was throttled. Expected available in 3 seconds.");
        assertThat(new Throttled(Duration.ofMillis(2001)).waitSeconds()).isEqualTo(3);
    }
}
