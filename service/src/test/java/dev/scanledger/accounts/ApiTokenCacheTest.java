package dev.scanledger.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Token owners are remembered for a short time, and forgotten at once when the key is replaced. */
@ApiTest
class ApiTokenCacheTest {

    static final Duration TTL = Duration.ofSeconds(10);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    final AtomicLong nanos = new AtomicLong();
    final Ticker clock = nanos::get;
    ApiTokens tokens;
    Account driver;
    String key;

    @BeforeEach
    void aCachingTokenStoreAndADriversKey() {
        tokens = new ApiTokens(jdbc, TTL, clock);
        driver = fixtures.driver();
        key = tokens.issue(driver.id());
    }

    @Test
    void aDeactivationIsSeenOnceTheCachedOwnerExpires() {
        assertThat(tokens.owner(key)).hasValueSatisfying(owner -> assertThat(owner.active()).isTrue());
        fixtures.deactivate(driver);

        boolean activeWhileCached = tokens.owner(key).orElseThrow().active();
        nanos.addAndGet(TTL.plusSeconds(1).toNanos());
        boolean activeAfterExpiry = tokens.owner(key).orElseThrow().active();

        assertThat(activeWhileCached).isTrue();
        assertThat(activeAfterExpiry).isFalse();
    }

    @Test
    void issuingANewKeyForgetsTheOldOneAtOnce() {
        tokens.owner(key);

        String newKey = tokens.issue(driver.id());

        assertThat(tokens.owner(key)).isEmpty();
        assertThat(tokens.owner(newKey)).isPresent();
    }

    @Test
    void anUnknownKeyIsNotRemembered() {
        String unknown = "0".repeat(40);
        assertThat(tokens.owner(unknown)).isEmpty();

        jdbc.sql("UPDATE api_tokens SET key_hash = sha256(convert_to(:key, 'UTF8')) WHERE user_id = :user")
                .param("key", unknown).param("user", driver.id()).update();

        assertThat(tokens.owner(unknown)).isPresent();
    }

    @Test
    void aZeroTimeToLiveAsksTheDatabaseEveryTime() {
        ApiTokens uncached = new ApiTokens(jdbc, Duration.ZERO, clock);
        uncached.owner(key);
        fixtures.deactivate(driver);

        assertThat(uncached.owner(key).orElseThrow().active()).isFalse();
    }
}
