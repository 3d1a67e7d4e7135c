package dev.scanledger.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * DRF-style API keys: 40 hex characters, one per user, kept only as a SHA-256 hash. Because the
 * key itself is never stored, issuing a key replaces the user's previous one.
 *
 * <p>A key's owner is remembered for {@code scanledger.auth.token-cache-ttl} (10 s by default), which
 * saves a query on nearly every request. Issuing a key forgets the user's old one at once on this
 * instance; elsewhere, and for a user deactivated in the database, the change takes effect within
 * that time.
 */
@Component
public class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcClient jdbc;
    private final Cache<ByteBuffer, TokenOwner> recentOwners;

    @Autowired
    ApiTokens(JdbcClient jdbc, @Value("${scanledger.auth.token-cache-ttl}") Duration cacheTtl) {
        this(jdbc, cacheTtl, Ticker.systemTicker());
    }

    ApiTokens(JdbcClient jdbc, Duration cacheTtl, Ticker ticker) {
        this.jdbc = jdbc;
        this.recentOwners = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).ticker(ticker).build();
    }

    /** A new key for the user; any earlier key stops working. */
    public String issue(long userId) {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        String key = HEX.formatHex(raw);
        jdbc.sql("""
                INSERT INTO api_tokens (user_id, key_hash) VALUES (:user, :hash)
                ON CONFLICT (user_id) DO UPDATE SET key_hash = EXCLUDED.key_hash, created = now()
                """)
                .param("user", userId)
                .param("hash", hash(key))
                .update();
        recentOwners.asMap().values().removeIf(owner -> owner.user().id() == userId);
        return key;
    }

    /** The active or inactive owner of the key, if any. */
    Optional<TokenOwner> owner(String key) {
        ByteBuffer hash = ByteBuffer.wrap(hash(key));
        TokenOwner recent = recentOwners.getIfPresent(hash);
        if (recent != null) {
            return Optional.of(recent);
        }
        Optional<TokenOwner> owner = lookUp(hash.array());
        owner.ifPresent(found -> recentOwners.put(hash, found));
        return owner;
    }

    private Optional<TokenOwner> lookUp(byte[] hash) {
        return jdbc.sql("""
                SELECT u.id, u.username, u.role, u.active
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.key_hash = :hash
                """)
                .param("hash", hash)
                .query((rs, n) -> new TokenOwner(
                        new AuthenticatedUser(rs.getLong("id"), rs.getString("username"), Role.fromDb(rs.getString("role"))),
                        rs.getBoolean("active")))
                .optional();
    }

    record TokenOwner(AuthenticatedUser user, boolean active) {
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
