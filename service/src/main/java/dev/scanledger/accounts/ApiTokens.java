package dev.scanledger.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DRF-style API keys (40 hex characters), many per user: each login gets its own key and earlier keys keep
 * working, as in django-rest-knox. Only a key's SHA-256 is stored, so a key is shown once, when issued.
 *
 * <p>Nothing about a key or its owner is remembered between requests: every request looks its key up, so a
 * revoked key, or a deactivated user, is refused at the very next request on every instance.
 */
@Component
public class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final int PREFIX_LENGTH = 8;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final int maxKeysPerUser;
    private final Duration idleExpiry;

    ApiTokens(JdbcClient jdbc, TransactionTemplate transaction,
            @Value("${scanledger.auth.max-keys-per-user:50}") int maxKeysPerUser,
            @Value("${scanledger.auth.key-idle-expiry:0s}") Duration idleExpiry) {
        if (maxKeysPerUser < 1) {
            throw new IllegalArgumentException("scanledger.auth.max-keys-per-user must be at least 1");
        }
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.maxKeysPerUser = maxKeysPerUser;
        this.idleExpiry = idleExpiry;
    }

    /** A new key for the user. Earlier keys keep working; past the per-user cap the oldest are retired. */
    public String issue(long userId) {
        byte[] raw = new byte[20];
        RANDOM.nextBytes(raw);
        String key = HEX.formatHex(raw);
        store(userId, key, null, false);
        return key;
    }

    /**
     * Keeps an existing key (a DRF token brought over from the system Scanledger replaces) working for the user.
     * False when that key is stored already, for whomever, or was imported before and has been retired since:
     * a revoked key stays revoked however often the copy runs.
     */
    public boolean importKey(long userId, String key, Instant created) {
        return store(userId, key, created, true);
    }

    private boolean store(long userId, String key, Instant created, boolean imported) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            // Logins of one user take turns, so two at once cannot both keep the oldest key past the cap; an import
            // takes its turn with the user's revocations, so it sees a key retired just before it as retired.
            lockUser(userId);
            int added = jdbc.sql("""
                    INSERT INTO api_tokens (user_id, key_hash, key_prefix, created, imported)
                    SELECT :user, :hash, :prefix, coalesce(:created, now()), :imported
                    WHERE NOT (:imported AND EXISTS (SELECT 1 FROM retired_imported_keys WHERE key_hash = :hash))
                    ON CONFLICT ON CONSTRAINT api_tokens_key_hash_key DO NOTHING
                    """)
                    .param("user", userId)
                    .param("hash", hash(key))
                    .param("prefix", key.substring(0, Math.min(PREFIX_LENGTH, key.length())))
                    .param("created", created == null ? null : Timestamp.from(created))
                    .param("imported", imported)
                    .update();
            jdbc.sql("""
                    DELETE FROM api_tokens WHERE id IN (
                        SELECT id FROM api_tokens WHERE user_id = :user ORDER BY created DESC, id DESC OFFSET :keep)
                    """)
                    .param("user", userId)
                    .param("keep", maxKeysPerUser)
                    .update();
            return added == 1;
        }));
    }

    /** The user's keys, newest first, as far as they can be shown: the prefix, never the key. */
    public List<KeyInfo> keysOf(long userId) {
        return jdbc.sql("""
                SELECT id, key_prefix, created, last_used FROM api_tokens WHERE user_id = :user ORDER BY created DESC, id DESC
                """)
                .param("user", userId)
                .query((rs, n) -> new KeyInfo(rs.getLong("id"), rs.getString("key_prefix"),
                        rs.getTimestamp("created").toInstant(), instant(rs.getTimestamp("last_used"))))
                .list();
    }

    /** Retires one of the user's keys; false when the user has no such key. */
    public boolean revoke(long userId, long keyId) {
        return retire(userId, () -> jdbc.sql("DELETE FROM api_tokens WHERE id = :id AND user_id = :user")
                .param("id", keyId)
                .param("user", userId)
                .update()) == 1;
    }

    /** Retires every key of the user; the number retired. */
    public int revokeAll(long userId) {
        return retire(userId, () -> jdbc.sql("DELETE FROM api_tokens WHERE user_id = :user").param("user", userId).update());
    }

    /** Retires the key itself (a logout); false when it was not a stored key. */
    public boolean revokeKey(String key) {
        byte[] hash = hash(key);
        Optional<Long> owner = jdbc.sql("SELECT user_id FROM api_tokens WHERE key_hash = :hash").param("hash", hash).query(Long.class).optional();
        return owner.isPresent() && retire(owner.get(),
                () -> jdbc.sql("DELETE FROM api_tokens WHERE key_hash = :hash").param("hash", hash).update()) == 1;
    }

    /** A retirement in the user's turn (see {@link #store}): an import running at the same time sees it done or not begun. */
    private int retire(long userId, IntSupplier delete) {
        Integer retired = transaction.execute(status -> {
            lockUser(userId);
            return delete.getAsInt();
        });
        return retired == null ? 0 : retired;
    }

    private void lockUser(long userId) {
        jdbc.sql("SELECT 1 FROM users WHERE id = :user FOR NO KEY UPDATE").param("user", userId).query(Integer.class).optional();
    }

    /** The active or inactive owner of the key, if the key is stored and, with an idle expiry set, still fresh. */
    Optional<TokenOwner> owner(String key) {
        Optional<FoundKey> found = jdbc.sql("""
                SELECT t.id AS key_id, u.id, u.username, u.role, u.active, u.first_name, u.last_name,
                       t.last_used IS NULL OR t.last_used < now() - interval '1 minute' AS use_unrecorded
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.key_hash = :hash
                  AND (:idle_seconds = 0 OR coalesce(t.last_used, t.created) > now() - make_interval(secs => :idle_seconds))
                """)
                .param("hash", hash(key))
                .param("idle_seconds", idleExpiry.toSeconds())
                .query((rs, n) -> new FoundKey(rs.getLong("key_id"), rs.getBoolean("use_unrecorded"), new TokenOwner(
                        new AuthenticatedUser(rs.getLong("id"), rs.getString("username"), Role.fromDb(rs.getString("role")),
                                rs.getString("first_name"), rs.getString("last_name")),
                        rs.getBoolean("active"))))
                .optional();
        // Last use is kept to the minute: one write per key and minute, not one per request.
        found.filter(FoundKey::useUnrecorded).ifPresent(used -> jdbc.sql("UPDATE api_tokens SET last_used = now() WHERE id = :id")
                .param("id", used.keyId())
                .update());
        return found.map(FoundKey::owner);
    }

    /** A stored key as listings show it. */
    public record KeyInfo(long id, String prefix, Instant created, Instant lastUsed) {
    }

    record TokenOwner(AuthenticatedUser user, boolean active) {
    }

    private record FoundKey(long keyId, boolean useUnrecorded, TokenOwner owner) {
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
