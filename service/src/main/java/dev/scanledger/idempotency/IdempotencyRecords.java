package dev.scanledger.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored answers of keyed requests. Every method runs on the caller's transaction, so an answer
 * is stored if and only if the write it describes commits.
 */
@Component
class IdempotencyRecords {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    IdempotencyRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The in-flight marker is a transaction-scoped advisory lock, not a row: it is released by commit,
     * rollback, a killed backend or a crashed server alike, so no key can stay stuck in flight.
     */
    boolean tryClaim(long userId, IdempotencyKey key) {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)")
                .param("lock", lockId(userId, key))
                .query(Boolean.class)
                .single();
    }

    record Stored(byte[] fingerprint, StoredResponse response) {
    }

    Optional<Stored> findLive(long userId, IdempotencyKey key, Duration ttl) {
        return jdbc.sql("""
                SELECT fingerprint, response_status, response_headers::text AS headers, response_body
                  FROM idempotency_keys
                 WHERE user_id = :user AND idempotency_key = :key
                   AND created_at > now() - make_interval(secs => :ttl)
                """)
                .param("user", userId)
                .param("key", key.value())
                .param("ttl", (double) ttl.toSeconds())
                .query((rs, n) -> new Stored(rs.getBytes("fingerprint"), new StoredResponse(
                        rs.getInt("response_status"),
                        json.readValue(rs.getString("headers"), HEADERS),
                        rs.getBytes("response_body"))))
                .optional();
    }

    /** Overwrites only an expired record: a live one was found and replayed before getting here. */
    void save(long userId, IdempotencyKey key, byte[] fingerprint, StoredResponse response) {
        jdbc.sql("""
                INSERT INTO idempotency_keys
                       (user_id, idempotency_key, fingerprint, response_status, response_headers, response_body)
                VALUES (:user, :key, :fingerprint, :status, CAST(:headers AS jsonb), :body)
                ON CONFLICT (user_id, idempotency_key) DO UPDATE
                   SET fingerprint = excluded.fingerprint,
                       response_status = excluded.response_status,
                       response_headers = excluded.response_headers,
                       response_body = excluded.response_body,
                       created_at = excluded.created_at
                """)
                .param("user", userId)
                .param("key", key.value())
                .param("fingerprint", fingerprint)
                .param("status", response.status())
                .param("headers", json.writeValueAsString(response.headers()))
                .param("body", response.body())
                .update();
    }

    /**
     * Deletes up to {@code batch} expired records, skipping any a concurrent request has locked, so
     * purging never waits on traffic nor makes traffic wait.
     */
    int purgeExpired(Duration ttl, int batch) {
        return jdbc.sql("""
                DELETE FROM idempotency_keys
                 WHERE ctid IN (SELECT ctid FROM idempotency_keys
                                 WHERE created_at <= now() - make_interval(secs => :ttl)
                                 LIMIT :batch
                                 FOR UPDATE SKIP LOCKED)
                """)
                .param("ttl", (double) ttl.toSeconds())
                .param("batch", batch)
                .update();
    }

    /** One 64-bit advisory lock id per (user, key); a collision could only cause a spurious 409. */
    private static long lockId(long userId, IdempotencyKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("idempotency:" + userId + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(key.value().getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
