package dev.scanledger.scans;

import java.util.Locale;

/** Where a scan was written from. */
public enum ScanEndpoint {
    /** {@code POST /api/scans/} */
    CREATE,
    /** {@code PUT /api/labels/{label}/scans/{phase}/} */
    UPSERT,
    /** {@code POST /api/scans/batch/} */
    BATCH,
    /** By hand in the operator console. */
    CONSOLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
