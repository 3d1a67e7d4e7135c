package dev.scanledger.db;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code scanledger.db.timeouts.<kind>.statement} and {@code .lock}, per {@link WorkKind}. */
@ConfigurationProperties("scanledger.db")
public record DatabaseTimeouts(Map<WorkKind, Limits> timeouts) {

    public record Limits(Duration statement, Duration lock) {
    }

    public DatabaseTimeouts {
        Map<WorkKind, Limits> complete = new EnumMap<>(WorkKind.class);
        if (timeouts != null) {
            complete.putAll(timeouts);
        }
        for (WorkKind kind : WorkKind.values()) {
            Limits limits = complete.get(kind);
            if (limits == null || limits.statement() == null || limits.lock() == null) {
                throw new IllegalArgumentException("scanledger.db.timeouts." + kind.name().toLowerCase().replace('_', '-')
                        + ".statement and .lock must both be set");
            }
        }
        timeouts = Map.copyOf(complete);
    }

    public Limits of(WorkKind kind) {
        return timeouts.get(kind);
    }
}
