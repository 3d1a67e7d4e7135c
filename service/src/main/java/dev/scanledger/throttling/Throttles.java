package dev.scanledger.throttling;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets kept in PostgreSQL (table {@code throttle_buckets}) by Bucket4j, so every instance on
 * the database shares them: a client cannot multiply its allowance by spreading requests over
 * instances. A bucket of rate N/period holds N tokens and refills them evenly over the period.
 */
@Component
public class Throttles {

    private final ProxyManager<String> buckets;

    Throttles(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("throttle_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** Takes one request from the bucket of {@code scope} and {@code identity}; empty when allowed, else the wait. */
    public Optional<Duration> take(String scope, String identity, Rate rate) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rate.requests()).refillGreedy(rate.requests(), rate.period()).build())
                .build();
        ConsumptionProbe probe = buckets.builder().build(key(scope, identity, rate), () -> configuration)
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Idle buckets (full again) are removed in batches, so the table holds only recent clients. */
    @Scheduled(fixedDelayString = "10m", initialDelayString = "10m")
    void removeIdleBuckets() {
        if (buckets instanceof io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner cleaner) {
            for (int batch = 0; batch < 100 && cleaner.removeExpired(1000) == 1000; batch++) {
                // next batch
            }
        }
    }

    /** Hashed: an identity is client input of any length; the rate is part of the key so a new rate starts afresh. */
    private static String key(String scope, String identity, Rate rate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return scope + ":" + rate.requests() + "/" + rate.period().toSeconds() + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
