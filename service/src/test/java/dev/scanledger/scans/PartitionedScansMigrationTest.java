package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.scanledger.db.StandaloneBoundedWork;
import dev.scanledger.support.ExternalPostgres;
import dev.scanledger.support.Races;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The optional migration to scans partitioned by hash of label_id (db/partitioning, docs/scaling.md), run
 * on a database of its own that carries the default schema and data: every row survives, and the service's
 * own statements still work on the new layout, ON CONFLICT deciding duplicates among racing inserts.
 */
class PartitionedScansMigrationTest {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static HikariDataSource dataSource;
    private static JdbcClient jdbc;
    private static ScanRepository scans;
    private static String rowsBefore;
    private static String rowsAfter;
    private static List<String> indexesBefore;
    private static List<String> indexesAfter;
    private static List<String> triggersBefore;
    private static List<String> triggersAfter;
    private static long driver;
    private static long otherDriver;
    private static long distribution;
    private static long store;
    private static long factory;
    private static List<Long> scannedLabels;
    private static long rejectedWinner;

    @BeforeAll
    static void aDatabaseWithScansMigratedToThePartitionedLayout() throws SQLException {
        String name = "partitioning_" + System.nanoTime();
        String serverUrl = ExternalPostgres.jdbcUrl();
        try (Connection server = DriverManager.getConnection(serverUrl, ExternalPostgres.USERNAME, "");
             Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(serverUrl.replace("/postgres", "/" + name));
        dataSource.setUsername(ExternalPostgres.USERNAME);
        dataSource.setMaximumPoolSize(16);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);

        driver = user("driver");
        otherDriver = user("other");
        factory = site("factory");
        distribution = site("distribution");
        store = site("store");
        scannedLabels = labels(300);
        jdbc.sql("""
                INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, label_coordinate)
                SELECT CASE WHEN n % 3 = 0 THEN :other ELSE :driver END, label, phase,
                       CASE WHEN phase >= 2 THEN :distribution END, CASE WHEN phase = 3 THEN :store END, '{"x": 1}'
                FROM unnest(CAST(:labels AS bigint[])) WITH ORDINALITY AS l(label, n), generate_series(1, 3) AS phase
                """)
                .param("driver", driver).param("other", otherDriver).param("distribution", distribution).param("store", store)
                .param("labels", scannedLabels.toArray(Long[]::new)).update();
        rejectedWinner = jdbc.sql("SELECT id FROM scans WHERE label_id = :label AND phase = 1").param("label", scannedLabels.get(0))
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO rejected_duplicates (rejected_at, user_id, label_id, phase, endpoint, winner_scan_id)
                VALUES (now(), :user, :label, 1, 'POST /api/scans/', :winner)
                """).param("user", otherDriver).param("label", scannedLabels.get(0)).param("winner", rejectedWinner).update();
        rowsBefore = everyRow();
        indexesBefore = indexes();
        triggersBefore = triggers();

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/partitioning").outOfOrder(true).load().migrate();
        rowsAfter = everyRow();
        indexesAfter = indexes();
        triggersAfter = triggers();

        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        scans = new ScanRepository(jdbc, StandaloneBoundedWork.over(dataSource), new ScanCounts(jdbc, transaction, 50_000));
    }

    @AfterAll
    static void closePool() {
        dataSource.close();
    }

    @Test
    void scansIsPartitionedByHashOfTheLabelAndKeepsEveryRowAsItWas() {
        assertThat(jdbc.sql("SELECT relkind::text FROM pg_class WHERE relname = 'scans'").query(String.class).single()).isEqualTo("p");
        assertThat(jdbc.sql("SELECT pg_get_partkeydef('scans'::regclass)").query(String.class).single()).isEqualTo("HASH (label_id)");
        assertThat(jdbc.sql("SELECT count(*) FROM pg_inherits WHERE inhparent = 'scans'::regclass").query(Long.class).single()).isEqualTo(16);
        assertThat(rowsAfter).isEqualTo(rowsBefore);
        assertThat(jdbc.sql("SELECT count(DISTINCT tableoid) FROM scans").query(Long.class).single()).isGreaterThan(1);
    }

    @Test
    void everyIndexAndTriggerOfTheDefaultLayoutIsThereUnderItsName() {
        // the primary key alone changes: every unique key of a partitioned table holds the partition key
        assertThat(indexesAfter).isEqualTo(indexesBefore.stream()
                .map(index -> index.equals("scans_pkey (id)") ? "scans_pkey (id, label_id)" : index).toList());
        assertThat(triggersAfter).isEqualTo(triggersBefore);
    }

    /** Each index of scans as "name (columns) WHERE ...", whatever schema or ONLY the definition names. */
    private static List<String> indexes() {
        return jdbc.sql("""
                SELECT indexname || ' ' || substring(indexdef FROM ' USING btree (.*)$')
                FROM pg_indexes WHERE tablename = 'scans' ORDER BY indexname
                """).query(String.class).list();
    }

    private static List<String> triggers() {
        return jdbc.sql("""
                SELECT tgname || ' ' || regexp_replace(pg_get_triggerdef(oid), '^.* (AFTER|BEFORE) ', '\\1 ')
                FROM pg_trigger WHERE tgrelid = 'scans'::regclass AND NOT tgisinternal ORDER BY tgname
                """).query(String.class).list();
    }

    @Test
    void aPairStoredBeforeTheMigrationIsStillADuplicate() {
        Optional<ScanView> inserted = scans.insert(otherDriver, new NewScan(scannedLabels.get(5), 2, distribution, null, null, null), null).scan();

        assertThat(inserted).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM scans WHERE label_id = :label").param("label", scannedLabels.get(5))
                .query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void ofManyInsertsOfOnePairAtOnceExactlyOneWritesTheRow() throws Exception {
        List<Long> labels = labels(20);
        for (int round = 0; round < 3; round++) {
            int phase = round + 1;
            List<Callable<Optional<ScanView>>> calls = new ArrayList<>();
            for (long label : labels) {
                for (int device = 0; device < 8; device++) {
                    long user = device % 2 == 0 ? driver : otherDriver;
                    calls.add(() -> scans.insert(user, new NewScan(label, phase, distribution, phase == 3 ? store : null, "{\"x\": 2}", null), null)
                            .scan());
                }
            }

            List<Optional<ScanView>> answers = Races.together(calls);

            for (int pair = 0; pair < labels.size(); pair++) {
                assertThat(answers.subList(8 * pair, 8 * pair + 8).stream().filter(Optional::isPresent).count())
                        .as("rows written for label %d, phase %d", labels.get(pair), phase).isEqualTo(1);
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM scans WHERE label_id = ANY(:labels)").param("labels", labels.toArray(Long[]::new))
                .query(Long.class).single()).isEqualTo(60);
    }

    @Test
    void newScansTakeNewIdsAndTheTriggersStillKeepLabelsAndCounts() {
        long label = labels(1).get(0);
        long countBefore = scans.countOwn(driver, new ScanFilter(null, null));
        long maxIdBefore = jdbc.sql("SELECT max(id) FROM scans").query(Long.class).single();

        ScanView created = scans.insert(driver, new NewScan(label, 3, distribution, store, null, null), null).scan().orElseThrow();

        assertThat(created.id()).isGreaterThan(maxIdBefore);
        assertThat(jdbc.sql("SELECT furthest_phase FROM labels WHERE id = :label").param("label", label).query(Integer.class).single())
                .isEqualTo(3);
        assertThat(scans.countOwn(driver, new ScanFilter(null, null))).isEqualTo(countBefore + 1);
        assertThat(scans.listOwn(driver, new ScanFilter(null, 3), ScanOrdering.DEFAULT, 0, 1000, scans.countOwn(driver, new ScanFilter(null, 3))))
                .extracting(ScanView::id).contains(created.id());
    }

    @Test
    void aMissingLabelIsRefusedByTheConstraintTheServiceKnows() {
        assertThatThrownBy(() -> scans.insert(driver, new NewScan(Long.MAX_VALUE, 1, null, null, null, null), null))
                .isInstanceOf(DataIntegrityViolationException.class)
                .satisfies(e -> assertThat(((PSQLException) e.getCause()).getServerErrorMessage().getConstraint())
                        .isEqualTo("scans_label_id_fkey"));
    }

    @Test
    void aRejectedDuplicateStillNamesItsWinnerAndForgetsItWhenTheWinnerGoes() {
        Map<String, Object> before = jdbc.sql("SELECT winner_scan_id FROM rejected_duplicates WHERE label_id = :label")
                .param("label", scannedLabels.get(0)).query().singleRow();
        assertThat(before.get("winner_scan_id")).isEqualTo(rejectedWinner);

        jdbc.sql("DELETE FROM scans WHERE id = :id").param("id", rejectedWinner).update();

        assertThat(jdbc.sql("SELECT winner_scan_id FROM rejected_duplicates WHERE label_id = :label")
                .param("label", scannedLabels.get(0)).query().singleRow().get("winner_scan_id")).isNull();
    }

    /** Every column of every scan, in id order, as one text. */
    private static String everyRow() {
        return jdbc.sql("SELECT md5(string_agg(s::text, '|' ORDER BY id)) || ':' || count(*) FROM scans s").query(String.class).single();
    }

    private static long user(String prefix) {
        return jdbc.sql("INSERT INTO users (username, password_hash, role) VALUES (:name, '{noop}-', 'driver') RETURNING id")
                .param("name", prefix + SEQUENCE.incrementAndGet()).query(Long.class).single();
    }

    private static long site(String kind) {
        return jdbc.sql("INSERT INTO sites (kind, name) VALUES (:kind, :name) RETURNING id")
                .param("kind", kind).param("name", kind + SEQUENCE.incrementAndGet()).query(Long.class).single();
    }

    private static List<Long> labels(int count) {
        return jdbc.sql("INSERT INTO labels (factory_id, code) SELECT :factory, :prefix || n FROM generate_series(1, :count) n RETURNING id")
                .param("factory", factory).param("prefix", "P" + SEQUENCE.incrementAndGet() + "-").param("count", count)
                .query(Long.class).list();
    }
}
