package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Races;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The kept own-scan counts (migration V9) always equal counting the rows: whatever writes, removes or
 * moves scans, and while folds run at the same moment.
 */
@ApiTest
class ScanCountsTest {

    @Autowired
    ScanCounts counts;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCountIsExactAtEveryMomentWhileScansAreWrittenAndFolded() throws Exception {
        List<Account> drivers = List.of(fixtures.driver(), fixtures.driver());
        List<Long> labels = fixtures.labels(400);
        AtomicInteger writersLeft = new AtomicInteger(4);
        List<Callable<Long>> calls = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            int first = writer * 100;
            calls.add(() -> {
                try {
                    for (int i = first; i < first + 100; i++) {
                        for (int phase = 0; phase < 4; phase++) {
                            insert(drivers.get((i + phase) % 2), labels.get(i), phase);
                        }
                    }
                    return 0L;
                } finally {
                    writersLeft.decrementAndGet();
                }
            });
        }
        calls.add(() -> {
            long folded = 0;
            while (writersLeft.get() > 0) {
                folded += counts.fold();
            }
            return folded;
        });
        calls.add(() -> {
            long disagreements = 0;
            while (writersLeft.get() > 0) {
                for (Account driver : drivers) {
                    disagreements += countsDisagree(driver, null) + countsDisagree(driver, 2);
                }
            }
            return disagreements;
        });

        List<Long> results = Races.together(calls);

        assertThat(results.get(5)).as("counts outside the rows counted around them").isZero();
        for (Account driver : drivers) {
            assertThat(counts.of(driver.id(), null)).isEqualTo(800);
            assertThat(counts.of(driver.id(), 2)).isEqualTo(200);
        }
    }

    @Test
    void removedScansAndScansMovedToAnotherDriverOrPhaseAreCounted() {
        Account driver = fixtures.driver();
        Account other = fixtures.driver();
        List<Long> labels = fixtures.labels(3);
        fixtures.scans(driver, labels, 1);
        counts.fold();

        jdbc.sql("DELETE FROM labels WHERE id = :label").param("label", labels.get(0)).update();
        jdbc.sql("UPDATE scans SET phase = 3 WHERE label_id = :label").param("label", labels.get(1)).update();
        jdbc.sql("UPDATE scans SET user_id = :other WHERE label_id = :label")
                .param("other", other.id()).param("label", labels.get(2)).update();

        assertThat(counts.of(driver.id(), null)).isEqualTo(1);
        assertThat(counts.of(driver.id(), 1)).isZero();
        assertThat(counts.of(driver.id(), 3)).isEqualTo(1);
        assertThat(counts.of(other.id(), null)).isEqualTo(1);
        counts.fold();
        assertThat(counts.of(driver.id(), null)).isEqualTo(1);
        assertThat(counts.of(driver.id(), 3)).isEqualTo(1);
        assertThat(counts.of(other.id(), 1)).isEqualTo(1);
    }

    @Test
    void theChangesOfADeletedDriverAreDroppedByTheFold() {
        Account driver = fixtures.driver();
        fixtures.scans(driver, fixtures.labels(5), 1);
        counts.fold();
        fixtures.scans(driver, fixtures.labels(2), 2);

        jdbc.sql("DELETE FROM users WHERE id = :id").param("id", driver.id()).update();
        counts.fold();

        assertThat(jdbc.sql("SELECT count(*) FROM scan_count_changes WHERE user_id = :id").param("id", driver.id())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM scan_counts WHERE user_id = :id").param("id", driver.id())
                .query(Long.class).single()).isZero();
    }

    private void insert(Account driver, long label, int phase) {
        jdbc.sql("INSERT INTO scans (user_id, label_id, phase) VALUES (:user, :label, :phase)")
                .param("user", driver.id()).param("label", label).param("phase", phase).update();
    }

    /**
     * 1 when the kept count falls outside the rows counted just before and just after it. Scans are
     * only added meanwhile, so a change counted twice or missed, in the rows or by a fold, shows.
     */
    private long countsDisagree(Account driver, Integer phase) {
        long before = rows(driver, phase);
        long kept = counts.of(driver.id(), phase);
        long after = rows(driver, phase);
        return before <= kept && kept <= after ? 0 : 1;
    }

    private long rows(Account driver, Integer phase) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE user_id = :user AND (CAST(:phase AS smallint) IS NULL OR phase = :phase)")
                .param("user", driver.id()).param("phase", phase, Types.SMALLINT)
                .query(Long.class).single();
    }
}
