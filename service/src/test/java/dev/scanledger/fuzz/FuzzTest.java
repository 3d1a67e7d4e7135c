package dev.scanledger.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Snapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Generated requests across every endpoint, one after another: none may answer 5xx, and none that is
 * refused (anything but 2xx) may leave a row or a file behind. The seed is fixed and printed; rerun
 * another with {@code -Dscanledger.fuzz.seed=N} (passed to the test JVM through Surefire's argLine).
 */
@ApiTest
class FuzzTest {

    static final long DEFAULT_SEED = 20261201L;
    static final int REQUESTS = 2000;

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Snapshots snapshots;
    @Autowired
    JdbcClient jdbc;

    @Test
    void noGeneratedRequestAnswers5xxOrLeavesAPartialWrite() {
        long seed = Long.getLong("scanledger.fuzz.seed", DEFAULT_SEED);
        System.out.println("FuzzTest seed " + seed + " (rerun with -Dscanledger.fuzz.seed=" + seed + ")");
        Fixtures.Account driver = fixtures.driver();
        Fixtures.Account manager = fixtures.account(Role.MANAGER);
        List<Long> labels = fixtures.labels(30);
        List<Long> sites = List.of(fixtures.site(SiteKind.FACTORY), fixtures.site(SiteKind.DISTRIBUTION), fixtures.site(SiteKind.STORE));
        RequestGenerator generator = new RequestGenerator(seed, new RequestGenerator.Universe(
                List.of(driver.token(), manager.token()), labels, sites, List.of(driver.username(), manager.username(), "nobody")));

        List<String> failures = new ArrayList<>();
        for (int n = 0; n < REQUESTS && failures.size() < 10; n++) {
            RequestGenerator.Generated request = generator.next(api);
            Written before = written();
            Api.Response response = request.call().send();
            if (response.status() >= 500) {
                failures.add("#%d %s -> %s".formatted(n, request.description(), response));
            } else if (response.status() >= 300 && !written().equals(before)) {
                failures.add("#%d %s -> %d but wrote: %s then %s".formatted(n, request.description(), response.status(), before, written()));
            }
        }

        assertThat(failures).as("seed %d", seed).isEmpty();
    }

    /** What a request may have written: every table's row count (one query) and the media files. */
    record Written(List<Object> rows, int files) {
    }

    private Written written() {
        List<Object> rows = jdbc.sql("""
                SELECT (SELECT count(*) FROM scans), (SELECT count(*) FROM labels), (SELECT count(*) FROM users),
                       (SELECT count(*) FROM api_tokens), (SELECT count(*) FROM sites), (SELECT count(*) FROM idempotency_keys)
                """).query().singleRow().values().stream().toList();
        return new Written(rows, snapshots.mediaFiles().size());
    }
}
