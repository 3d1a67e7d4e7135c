package dev.scanledger.unique;

/** What update-or-create did to the row. */
public enum Outcome {
    /** No row had the key; this call inserted it. */
    CREATED,
    /** A row had the key and at least one of the update columns differed; this call changed it. */
    UPDATED,
    /** A row had the key and already held the given values; nothing was written. */
    UNCHANGED
}
