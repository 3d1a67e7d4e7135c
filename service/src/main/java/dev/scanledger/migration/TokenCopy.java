package dev.scanledger.migration;

import dev.scanledger.accounts.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DRF's tokens: each key keeps working for its user, stored hashed like Scanledger's own keys (a phone
 * keeps the key it holds), through {@link ApiTokens#importKey}, which is race-free on its own. Keys
 * Scanledger holds already are left alone without a call, looked up a batch at a time, so a rerun over
 * thousands of users costs a query per thousand keys.
 */
final class TokenCopy {

    private static final int BATCH = 1_000;

    private final ApiTokens tokens;
    private final JdbcClient target;

    TokenCopy(ApiTokens tokens, DataSource target) {
        this.tokens = tokens;
        this.target = JdbcClient.create(target);
    }

    private record Token(String key, long user, Instant created) {
    }

    Delta copy(DjangoSource source, long[] skippedUsers, Progress progress) throws SQLException {
        String table = source.layout().tables().tokens();
        Progress.Table shown = progress.table("tokens", source.count(table));
        long[] counts = new long[3]; // considered, inserted, skipped
        try (PreparedStatement ps = source.connection().prepareStatement("SELECT key, user_id, created FROM " + table + " ORDER BY user_id, created")) {
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                List<Token> batch = new ArrayList<>(BATCH);
                while (rs.next()) {
                    Token token = new Token(rs.getString("key"), rs.getLong("user_id"), rs.getTimestamp("created").toInstant());
                    if (Arrays.binarySearch(skippedUsers, token.user()) >= 0) {
                        counts[2]++;
                        shown.advance(1);
                    } else {
                        batch.add(token);
                    }
                    if (batch.size() == BATCH) {
                        importAll(batch, counts, shown);
                    }
                }
                importAll(batch, counts, shown);
            }
        }
        Delta delta = new Delta("tokens", counts[0], counts[1], 0, counts[2]);
        shown.finish(delta);
        return delta;
    }

    private void importAll(List<Token> batch, long[] counts, Progress.Table shown) {
        Set<String> stored = new HashSet<>(target.sql("SELECT encode(key_hash, 'hex') FROM api_tokens WHERE key_hash = ANY(:hashes)")
                .param("hashes", batch.stream().map(t -> sha256(t.key())).toArray(byte[][]::new))
                .query(String.class)
                .list());
        for (Token token : batch) {
            counts[0]++;
            if (!stored.contains(HexFormat.of().formatHex(sha256(token.key()))) && tokens.importKey(token.user(), token.key(), token.created())) {
                counts[1]++;
            }
        }
        shown.advance(batch.size());
        batch.clear();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
