package dev.scanledger.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a run needs in the database, created over JDBC with a name unique to the run: drivers
 * with API keys, one site of each kind, and fresh labels on demand. Fresh labels are what make a run
 * repeatable on any database, new or used: every pair a run sends is new, and verification looks only
 * at rows of its own labels. JDBC rather than the operator CLI because each CLI call starts a JVM and
 * a Spring context, and a run needs dozens of drivers; the schema is the service's Flyway migration,
 * so the service must have started once on the database before a run.
 */
public final class LoadWorld {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Connection database;
    private final String runId;
    private final List<Driver> drivers;
    private final long factory;
    private final long distribution;
    private final long store;
    private int labelBatches;

    private LoadWorld(Connection database, String runId, List<Driver> drivers, long factory, long distribution, long store) {
        this.database = database;
        this.runId = runId;
        this.drivers = drivers;
        this.factory = factory;
        this.distribution = distribution;
        this.store = store;
    }

    public static LoadWorld create(Connection database, int driverCount) throws SQLException {
        String runId = "lt" + Long.toString(System.currentTimeMillis(), 36) + HEX.formatHex(randomBytes(3));
        long factory = site(database, "factory", runId);
        long distribution = site(database, "distribution", runId);
        long store = site(database, "store", runId);
        List<Driver> drivers = new ArrayList<>();
        for (int i = 1; i <= driverCount; i++) {
            drivers.add(driver(database, runId + "-driver" + i));
        }
        return new LoadWorld(database, runId, List.copyOf(drivers), factory, distribution, store);
    }

    public String runId() {
        return runId;
    }

    public Connection database() {
        return database;
    }

    public List<Driver> drivers() {
        return drivers;
    }

    public long distribution() {
        return distribution;
    }

    public long store() {
        return store;
    }

    public long factory() {
        return factory;
    }

    /** {@code count} labels nobody has scanned yet. */
    public long[] freshLabels(int count) throws SQLException {
        String prefix = runId + "-" + (++labelBatches) + "-";
        try (PreparedStatement insert = database.prepareStatement("""
                INSERT INTO labels (factory_id, code)
                SELECT ?, ? || n FROM generate_series(1, ?) AS n
                RETURNING id
                """)) {
            insert.setLong(1, factory);
            insert.setString(2, prefix);
            insert.setInt(3, count);
            long[] ids = new long[count];
            int i = 0;
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids[i++] = rs.getLong(1);
                }
            }
            return ids;
        }
    }

    /**
     * Labels from one insert are numbered without gaps unless another session inserted labels at the
     * same moment; the C load generators address labels by range and need that.
     */
    static void requireContiguous(long[] labels) {
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] != labels[0] + i) {
                throw new IllegalStateException("fresh labels are not numbered without gaps (another writer of labels?)");
            }
        }
    }

    private static long site(Connection database, String kind, String runId) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("INSERT INTO sites (kind, name) VALUES (?, ?) RETURNING id")) {
            insert.setString(1, kind);
            insert.setString(2, runId + " " + kind);
            return single(insert);
        }
    }

    /** A driver with a known API key; the service keeps only the key's SHA-256, as ApiTokens does. */
    private static Driver driver(Connection database, String username) throws SQLException {
        long id;
        try (PreparedStatement insert = database.prepareStatement("""
                INSERT INTO users (username, password_hash, role) VALUES (?, ?, 'driver') RETURNING id
                """)) {
            insert.setString(1, username);
            // Never used to log in: load users authenticate by key only. {noop} keeps it a valid encoded password.
            insert.setString(2, "{noop}" + HEX.formatHex(randomBytes(16)));
            id = single(insert);
        }
        String key = HEX.formatHex(randomBytes(20));
        try (PreparedStatement insert = database.prepareStatement("INSERT INTO api_tokens (user_id, key_hash) VALUES (?, ?)")) {
            insert.setLong(1, id);
            insert.setBytes(2, sha256(key));
            insert.executeUpdate();
        }
        return new Driver(id, username, key);
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public record Driver(long id, String username, String token) {

        /** The key's SHA-256 in hex, as the service stores it. */
        String keyHash() {
            return HEX.formatHex(sha256(token));
        }
    }
}
