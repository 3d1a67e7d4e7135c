package dev.scanledger.loadtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The app's reads: a driver retrieving one of their scans, and listing their newest scans (first
 * page, DRF pagination), in turn. Each driver gets {@value #SCANS_PER_DRIVER} more scans inserted
 * over JDBC before the clock starts; every answer must be 200 and show the right scan or the driver's count.
 */
final class ReadScenario implements Scenario {

    static final int SCANS_PER_DRIVER = 100;
    private static final int SAMPLES = 5;

    private final ScanRequests requests;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger wrong = new AtomicInteger();
    private final List<String> wrongSamples = new ArrayList<>();
    private LoadWorld world;
    private List<long[]> scanIdsByDriver;
    private List<Pattern> listCountByDriver;
    private long maxRequests;

    ReadScenario(ScanRequests requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "read";
    }

    @Override
    public void prepare(LoadWorld world, RunLimits limits) throws SQLException {
        this.world = world;
        this.maxRequests = limits.maxRequests();
        long[] labels = world.freshLabels(world.drivers().size() * SCANS_PER_DRIVER / Phases.COUNT + 1);
        scanIdsByDriver = new ArrayList<>();
        int next = 0;
        Connection database = world.database();
        database.setAutoCommit(false); // one commit for all: this is setup, not the measured load
        try {
            for (LoadWorld.Driver driver : world.drivers()) {
                long[] ids = new long[SCANS_PER_DRIVER];
                for (int i = 0; i < SCANS_PER_DRIVER; i++) {
                    ids[i] = insertScan(world, driver, Phases.pair(labels, next++));
                }
                scanIdsByDriver.add(ids);
            }
            database.commit();
        } finally {
            database.setAutoCommit(true);
        }
        // Drivers may own scans of earlier scenarios; nothing writes during the reads, so the count is fixed now.
        listCountByDriver = new ArrayList<>();
        for (LoadWorld.Driver driver : world.drivers()) {
            listCountByDriver.add(Pattern.compile("\"count\"\\s*:\\s*" + scanCount(database, driver) + "\\b"));
        }
    }

    private static long scanCount(Connection database, LoadWorld.Driver driver) throws SQLException {
        try (PreparedStatement count = database.prepareStatement("SELECT count(*) FROM scans WHERE user_id = ?")) {
            count.setLong(1, driver.id());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long insertScan(LoadWorld world, LoadWorld.Driver driver, ScanPair pair) throws SQLException {
        try (PreparedStatement insert = world.database().prepareStatement(
                "INSERT INTO scans (user_id, label_id, phase) VALUES (?, ?, ?) RETURNING id")) {
            insert.setLong(1, driver.id());
            insert.setLong(2, pair.label());
            insert.setInt(3, pair.phase());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Optional<List<Call>> nextVolley() {
        long n = sequence.getAndIncrement();
        if (n >= maxRequests) {
            return Optional.empty();
        }
        int d = (int) (n % world.drivers().size());
        LoadWorld.Driver driver = world.drivers().get(d);
        if (n % 2 == 0) {
            long id = scanIdsByDriver.get(d)[(int) ((n / 2) % SCANS_PER_DRIVER)];
            return Optional.of(List.of(new Call(requests.get(n, driver, "/api/scans/" + id + "/"), Pattern.compile("\"id\"\\s*:\\s*" + id + "\\b"))));
        }
        return Optional.of(List.of(new Call(requests.get(n, driver, "/api/scans/?ordering=-created_date"), listCountByDriver.get(d))));
    }

    @Override
    public void record(Call call, Answer answer) {
        Pattern expected = (Pattern) call.subject();
        if (answer.status() != 200 || !expected.matcher(answer.body()).find()) {
            if (wrong.incrementAndGet() <= SAMPLES) {
                synchronized (wrongSamples) {
                    wrongSamples.add(call.request().uri().getPath() + " -> " + answer.describe());
                }
            }
        }
    }

    @Override
    public List<String> verify(Connection database) {
        List<String> problems = new ArrayList<>(wrongSamples.stream().map(s -> "wrong answer: " + s).toList());
        if (wrong.get() > SAMPLES) {
            problems.add("... and %d more wrong answers".formatted(wrong.get() - SAMPLES));
        }
        return problems;
    }
}
