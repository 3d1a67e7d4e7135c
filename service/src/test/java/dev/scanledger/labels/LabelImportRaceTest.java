package dev.scanledger.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Several managers importing overlapping files at the same moment (released by one barrier): every label
 * is stored once, inserted by exactly one import, and every line of every file is reported exactly once,
 * as inserted or as skipped for a true reason.
 */
@ApiTest
class LabelImportRaceTest {

    static final int IMPORTERS = 6;
    static final int CODES = 200;
    static final int LINES_PER_FILE = 135;
    static final int REPEATS_PER_FILE = 15;

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    record Key(long factory, String code) {
    }

    @RepeatedTest(4)
    void overlappingImportsInsertEveryLabelOnceAndAccountForEveryLine(RepetitionInfo round) throws Exception {
        List<Long> factories = List.of(fixtures.site(SiteKind.FACTORY), fixtures.site(SiteKind.FACTORY));
        List<Key> universe = universe(factories);
        Random random = new Random(round.getCurrentRepetition());
        List<List<Key>> files = new ArrayList<>();
        for (int i = 0; i < IMPORTERS; i++) {
            files.add(fileOf(universe, random));
        }
        List<Account> importers = new ArrayList<>();
        for (int i = 0; i < IMPORTERS; i++) {
            importers.add(fixtures.account(i == 0 ? Role.ADMIN : Role.MANAGER));
        }

        List<JsonNode> results = importTogether(importers, files);

        Map<Key, Integer> insertedBy = new HashMap<>();
        for (int i = 0; i < IMPORTERS; i++) {
            List<Key> file = files.get(i);
            JsonNode result = results.get(i);
            Set<Integer> skippedLines = new HashSet<>();
            for (JsonNode skipped : result.get("skipped_lines")) {
                int line = skipped.get("line").asInt();
                Key key = file.get(line - 2);
                assertThat(skippedLines.add(line)).as("line %d reported once", line).isTrue();
                assertThat(new Key(skipped.get("factory").asLong(), skipped.get("code").asString())).isEqualTo(key);
                String reason = skipped.get("reason").asString();
                if (reason.startsWith("repeats line ")) {
                    int first = Integer.parseInt(reason.substring("repeats line ".length()));
                    assertThat(first).isLessThan(line);
                    assertThat(file.get(first - 2)).isEqualTo(key);
                    assertThat(file.subList(0, first - 2)).doesNotContain(key);
                } else {
                    assertThat(reason).isEqualTo("exists");
                    assertThat(file.subList(0, line - 2)).as("an earlier line of the same file is a repeat, not exists")
                            .doesNotContain(key);
                }
            }
            int inserted = 0;
            for (int line = 2; line < file.size() + 2; line++) {
                if (!skippedLines.contains(line)) {
                    inserted++;
                    Integer other = insertedBy.put(file.get(line - 2), i);
                    assertThat(other).as("%s inserted by import %s and %d", file.get(line - 2), other, i).isNull();
                }
            }
            assertThat(result.get("inserted").asInt()).isEqualTo(inserted);
            assertThat(result.get("skipped").asInt()).isEqualTo(skippedLines.size());
            assertThat(inserted + skippedLines.size()).isEqualTo(file.size());
        }
        Set<Key> distinct = new HashSet<>();
        files.forEach(distinct::addAll);
        assertThat(insertedBy.keySet()).isEqualTo(distinct);
        assertThat(stored(factories)).isEqualTo(distinct);
        assertThat(jdbc.sql("SELECT count(*) FROM labels WHERE factory_id = ANY(:f)")
                .param("f", factories.toArray(Long[]::new)).query(Long.class).single()).isEqualTo(distinct.size());
    }

    private List<JsonNode> importTogether(List<Account> importers, List<List<Key>> files) throws Exception {
        CyclicBarrier together = new CyclicBarrier(importers.size());
        ExecutorService pool = Executors.newFixedThreadPool(importers.size());
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < importers.size(); i++) {
                Api device = api.newConnection();
                Account importer = importers.get(i);
                byte[] csv = csvOf(files.get(i));
                futures.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return device.post("/api/labels/import/").token(importer.token()).body("text/csv", csv).send();
                }));
            }
            List<JsonNode> results = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                Api.Response response = future.get(120, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                results.add(response.json());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Set<Key> stored(List<Long> factories) {
        return new HashSet<>(jdbc.sql("SELECT factory_id, code FROM labels WHERE factory_id = ANY(:f)")
                .param("f", factories.toArray(Long[]::new))
                .query((rs, n) -> new Key(rs.getLong("factory_id"), rs.getString("code"))).list());
    }

    private static List<Key> universe(List<Long> factories) {
        String prefix = "R" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
            keys.add(new Key(factories.get(i % factories.size()), prefix + i));
        }
        return keys;
    }

    /** A shuffled selection of the universe, with some lines repeated. */
    private static List<Key> fileOf(List<Key> universe, Random random) {
        List<Key> shuffled = new ArrayList<>(universe);
        Collections.shuffle(shuffled, random);
        List<Key> file = new ArrayList<>(shuffled.subList(0, LINES_PER_FILE - REPEATS_PER_FILE));
        for (int i = 0; i < REPEATS_PER_FILE; i++) {
            file.add(file.get(random.nextInt(file.size())));
        }
        Collections.shuffle(file, random);
        return file;
    }

    private static byte[] csvOf(List<Key> file) {
        StringBuilder csv = new StringBuilder("factory,code\n");
        file.forEach(key -> csv.append(key.factory()).append(',').append(key.code()).append('\n'));
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
