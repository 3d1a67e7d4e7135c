package dev.scanledger.idempotency;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Removes expired idempotency records in small batches, each its own short transaction, up to a
 * bounded number per run so a large backlog is worked off over several runs instead of in one long
 * statement.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    private final IdempotencyRecords records;
    private final Duration ttl;
    private final int batchSize;
    private final int maxBatches;

    IdempotencyPurge(IdempotencyRecords records,
            @Value("${scanledger.idempotency.ttl}") Duration ttl,
            @Value("${scanledger.idempotency.purge.batch-size}") int batchSize,
            @Value("${scanledger.idempotency.purge.max-batches}") int maxBatches) {
        this.records = records;
        this.ttl = ttl;
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
    }

    @Scheduled(fixedDelayString = "${scanledger.idempotency.purge.interval}", initialDelayString = "${scanledger.idempotency.purge.interval}")
    void purgeOnSchedule() {
        int purged = purgeExpired();
        if (purged > 0) {
            log.info("Purged {} expired idempotency keys", purged);
        }
    }

    /** The number of records removed; stops early once a batch comes back short. */
    int purgeExpired() {
        int total = 0;
        for (int batch = 0; batch < maxBatches; batch++) {
            int purged = records.purgeExpired(ttl, batchSize);
            total += purged;
            if (purged < batchSize) {
                break;
            }
        }
        return total;
    }
}
