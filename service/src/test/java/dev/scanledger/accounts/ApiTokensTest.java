package dev.scanledger.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Races;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Many keys per user, each stored hashed, each looked up afresh on every request. */
@ApiTest
class ApiTokensTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    Fixtures fixtures;

    ApiTokens tokens;
    Account driver;

    @BeforeEach
    void aDriverWithOneKey() {
        tokens = tokensKeeping(50, Duration.ZERO);
        driver = fixtures.driver();
    }

    @Test
    void aSecondKeyLeavesTheFirstWorking() {
        String first = tokens.issue(driver.id());
        String second = tokens.issue(driver.id());

        assertThat(first).isNotEqualTo(second).matches("[0-9a-f]{40}");
        assertThat(tokens.owner(first)).hasValueSatisfying(owner -> assertThat(owner.user().id()).isEqualTo(driver.id()));
        assertThat(tokens.owner(second)).hasValueSatisfying(owner -> assertThat(owner.user().id()).isEqualTo(driver.id()));
    }

    @Test
    void onlyTheKeysHashIsStored() {
        String key = tokens.issue(driver.id());

        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE key_hash = sha256(convert_to(:key, 'UTF8')) AND key_prefix = :prefix")
                .param("key", key).param("prefix", key.substring(0, 8)).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM api_tokens WHERE encode(key_hash, 'escape') LIKE '%' || :key || '%'")
                .param("key", key).query(Integer.class).single()).isZero();
    }

    @Test
    void pastTheCapTheOldestKeysAreRetired() {
        ApiTokens keepingThree = tokensKeeping(3, Duration.ZERO);
        List<String> keys = List.of(keepingThree.issue(driver.id()), keepingThree.issue(driver.id()),
                keepingThree.issue(driver.id()), keepingThree.issue(driver.id()), keepingThree.issue(driver.id()));

        assertThat(keys.stream().filter(key -> keepingThree.owner(key).isPresent())).containsExactlyElementsOf(keys.subList(2, 5));
    }

    @Test
    void loginsAtOnceNeverLeaveMoreKeysThanTheCap() throws Exception {
        ApiTokens keepingFive = tokensKeeping(5, Duration.ZERO);
        for (int round = 0; round < 10; round++) {
            List<Callable<String>> logins = Collections.nCopies(16, () -> keepingFive.issue(driver.id()));

            List<String> keys = Races.together(logins);

            assertThat(keys).doesNotHaveDuplicates();
            assertThat(keepingFive.keysOf(driver.id())).hasSize(5);
            assertThat(keys.stream().filter(key -> keepingFive.owner(key).isPresent())).hasSize(5);
        }
    }

    @Test
    void aRevokedKeyIsRefusedAtTheNextLookUpWhileTheOthersWork() {
        String kept = tokens.issue(driver.id());
        String revoked = tokens.issue(driver.id());

        assertThat(tokens.revokeKey(revoked)).isTrue();

        assertThat(tokens.owner(revoked)).isEmpty();
        assertThat(tokens.owner(kept)).isPresent();
        assertThat(tokens.revokeKey(revoked)).isFalse();
    }

    @Test
    void keysAreListedNewestFirstByPrefixAndRevokedById() {
        String older = tokens.issue(driver.id());
        String newer = tokens.issue(driver.id());

        List<ApiTokens.KeyInfo> keys = tokens.keysOf(driver.id());

        assertThat(keys).extracting(ApiTokens.KeyInfo::prefix).startsWith(newer.substring(0, 8), older.substring(0, 8));
        assertThat(tokens.revoke(driver.id(), keys.get(1).id())).isTrue();
        assertThat(tokens.owner(older)).isEmpty();
        assertThat(tokens.revoke(fixtures.driver().id(), keys.get(0).id())).as("another user's key").isFalse();
        assertThat(tokens.owner(newer)).isPresent();
    }

    @Test
    void revokingAllRetiresEveryKeyOfTheUserOnly() {
        String mine = tokens.issue(driver.id());
        tokens.issue(driver.id());
        Account other = fixtures.driver();
        String theirs = tokens.issue(other.id());

        assertThat(tokens.revokeAll(driver.id())).isEqualTo(3);

        assertThat(tokens.owner(mine)).isEmpty();
        assertThat(tokens.owner(theirs)).isPresent();
    }

    @Test
    void aDeactivationIsSeenAtTheNextLookUp() {
        String key = tokens.issue(driver.id());
        assertThat(tokens.owner(key)).hasValueSatisfying(owner -> assertThat(owner.active()).isTrue());

        fixtures.deactivate(driver);

        assertThat(tokens.owner(key)).hasValueSatisfying(owner -> assertThat(owner.active()).isFalse());
    }

    @Test
    void anImportedKeyWorksAsSentAndIsImportedOnce() {
        String drfKey = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
        Instant created = Instant.parse("2026-11-01T08:00:00Z");

        assertThat(tokens.importKey(driver.id(), drfKey, created)).isTrue();
        assertThat(tokens.importKey(driver.id(), drfKey, created)).isFalse();

        assertThat(tokens.owner(drfKey)).hasValueSatisfying(owner -> assertThat(owner.user().id()).isEqualTo(driver.id()));
        assertThat(tokens.keysOf(driver.id())).filteredOn(key -> key.prefix().equals("9944b091"))
                .singleElement().satisfies(key -> assertThat(key.created()).isEqualTo(created));
    }

    /** A key as DRF makes them, new to every run of the tests (the database outlives a test class). */
    private static String drfKey() {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    @Test
    void anImportedKeyRetiredInAnyWayIsNeverImportedAgain() {
        Instant created = Instant.parse("2026-11-01T08:00:00Z");
        String loggedOut = drfKey();
        String revoked = drfKey();
        String revokedWithAll = drfKey();
        String pushedOut = drfKey();
        Account other = fixtures.driver();
        ApiTokens keepingOne = tokensKeeping(1, Duration.ZERO);
        for (String key : List.of(loggedOut, revoked)) {
            tokens.importKey(driver.id(), key, created);
        }
        tokens.importKey(other.id(), revokedWithAll, created);

        tokens.revokeKey(loggedOut);
        tokens.revoke(driver.id(), tokens.keysOf(driver.id()).stream().filter(k -> revoked.startsWith(k.prefix())).findFirst().orElseThrow().id());
        tokens.revokeAll(other.id());
        keepingOne.importKey(other.id(), pushedOut, created);
        keepingOne.issue(other.id());

        for (String key : List.of(loggedOut, revoked, revokedWithAll, pushedOut)) {
            assertThat(tokens.importKey(driver.id(), key, created)).as(key).isFalse();
            assertThat(tokens.owner(key)).as(key).isEmpty();
        }
    }

    @Test
    void aKeyRevokedWhileImportsOfItRaceStaysRevoked() throws Exception {
        for (int round = 0; round < 20; round++) {
            String key = drfKey();
            tokens.importKey(driver.id(), key, Instant.now());
            List<Callable<Boolean>> calls = new ArrayList<>(Collections.nCopies(8, () -> tokens.importKey(driver.id(), key, Instant.now())));
            calls.add(4, () -> tokens.revokeKey(key));

            List<Boolean> answers = Races.together(calls);

            assertThat(answers.get(4)).as("the revocation, round %d", round).isTrue();
            assertThat(answers.stream().filter(Boolean::booleanValue)).as("round %d", round).hasSize(1);
            assertThat(tokens.owner(key)).as("round %d", round).isEmpty();
        }
    }

    @Test
    void useIsRecordedOncePerMinute() {
        String key = tokens.issue(driver.id());

        tokens.owner(key);
        Instant firstUse = tokens.keysOf(driver.id()).get(0).lastUsed();
        tokens.owner(key);

        assertThat(firstUse).isNotNull();
        assertThat(tokens.keysOf(driver.id()).get(0).lastUsed()).isEqualTo(firstUse);
    }

    @Test
    void withAnIdleExpiryAKeyUnusedForThatLongIsRefused() {
        ApiTokens expiring = tokensKeeping(50, Duration.ofHours(1));
        String idle = expiring.issue(driver.id());
        String fresh = expiring.issue(driver.id());
        jdbc.sql("UPDATE api_tokens SET created = now() - interval '2 hours', last_used = now() - interval '61 minutes' WHERE key_prefix = :prefix")
                .param("prefix", idle.substring(0, 8)).update();

        assertThat(expiring.owner(idle)).isEmpty();
        assertThat(expiring.owner(fresh)).isPresent();
        assertThat(tokens.owner(idle)).as("without an expiry").isPresent();
    }

    private ApiTokens tokensKeeping(int maxKeys, Duration idleExpiry) {
        return new ApiTokens(jdbc, transaction, maxKeys, idleExpiry);
    }
}
