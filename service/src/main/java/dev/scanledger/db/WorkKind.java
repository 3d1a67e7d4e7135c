package dev.scanledger.db;

/**
 * The kinds of database work that get their own {@code statement_timeout} and {@code lock_timeout}
 * ({@code scanledger.db.timeouts.<kind>.statement} and {@code .lock}).
 */
public enum WorkKind {
    /** One scan created or upserted, one label got or created. */
    CREATE,
    /** A batch sync of up to 1,000 scans. */
    BATCH,
    /** A label import of up to 200,000 lines. */
    IMPORT,
    /** One page of the operators' console, read and rendered. */
    CONSOLE_PAGE,
    /** One read of the API (a list page with its count, a scan, a label, a journey). */
    READ
}
