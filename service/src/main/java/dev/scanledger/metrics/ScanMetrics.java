package dev.scanledger.metrics;

import dev.scanledger.rejected.RejectedDuplicates;
import dev.scanledger.scans.ScanListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** Batch items by outcome, as the batch reports them, and the duplicate log's own counts. */
@Component
@ConditionalOnBooleanProperty(name = "scanledger.metrics.requests.enabled", matchIfMissing = true)
class ScanMetrics implements ScanListener {

    private final Counter created;
    private final Counter duplicate;
    private final Counter invalid;

    ScanMetrics(MeterRegistry registry, RejectedDuplicates rejected) {
        this.created = item(registry, "created");
        this.duplicate = item(registry, "duplicate");
        this.invalid = item(registry, "invalid");
        FunctionCounter.builder("scanledger.rejected.duplicates.dropped", rejected, RejectedDuplicates::dropped)
                .description("Rejected duplicates not kept because the queue was full").register(registry);
        FunctionCounter.builder("scanledger.rejected.duplicates.written", rejected, RejectedDuplicates::written).register(registry);
    }

    private static Counter item(MeterRegistry registry, String outcome) {
        return Counter.builder("scanledger.batch.items").description("Items of POST /api/scans/batch/ by outcome")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public void batchItems(int created, int duplicates, int invalid) {
        this.created.increment(created);
        this.duplicate.increment(duplicates);
        this.invalid.increment(invalid);
    }
}
