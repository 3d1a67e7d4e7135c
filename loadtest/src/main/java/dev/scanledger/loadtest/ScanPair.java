package dev.scanledger.loadtest;

/** What the scans table keeps unique: one scan per label and phase. */
public record ScanPair(long label, int phase) {

    public String json(long distribution, long store) {
        return """
                {"label": %d, "phase": %d, "distribution": %d, "store": %d, "label_coordinate": {"x": 0.5, "y": 0.25}}\
                """.formatted(label, phase, distribution, store);
    }
}
