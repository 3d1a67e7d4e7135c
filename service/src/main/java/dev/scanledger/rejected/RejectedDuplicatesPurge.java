package dev.scanledger.rejected;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Removes rejected duplicates older than the retention period ({@code scanledger.duplicates.retention},
 * 30 days by default), in small batches that skip rows another instance is purging, so purging never
 * holds long locks.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RejectedDuplicatesPurge {

    private static final Logger log = LoggerFactory.getLogger(RejectedDuplicatesPurge.class);

    private final JdbcClient jdbc;
    private final Duration retention;
    private final int batchSize;
    private final int maxBatches;

    RejectedDuplicatesPurge(JdbcClient jdbc,
            @Value("${scanledger.duplicates.retention}") Duration retention,
            @Value("${scanledger.duplicates.purge.batch-size}") int batchSize,
            @Value("${scanledger.duplicates.purge.max-batches}") int maxBatches) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
    }

    @Scheduled(fixedDelayString = "${scanledger.duplicates.purge.interval}", initialDelayString = "${scanledger.duplicates.purge.interval}")
    void purgeOnSchedule() {
        int purged = purgeExpired();
        if (purged > 0) {
            log.info("Purged {} rejected duplicates older than {}", purged, retention);
        }
    }

    /** The number of rows removed; stops early once a batch comes back short. */
    int purgeExpired() {
        int total = 0;
        for (int batch = 0; batch < maxBatches; batch++) {
            int purged = jdbc.sql("""
                    DELETE FROM rejected_duplicates WHERE id IN (
                        SELECT id FROM rejected_duplicates
                         WHERE rejected_at < now() - make_interval(secs => :seconds)
                         LIMIT :batch FOR UPDATE SKIP LOCKED)
                    """)
                    .param("seconds", retention.toSeconds())
                    .param("batch", batchSize)
                    .update();
            total += purged;
            if (purged < batchSize) {
                break;
            }
        }
        return total;
    }
}
