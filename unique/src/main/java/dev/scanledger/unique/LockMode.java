package dev.scanledger.unique;

/** How to treat a row that another transaction has locked. */
public enum LockMode {
    /** Wait for the lock (bounded only by the session's lock_timeout): {@code FOR UPDATE}. */
    WAIT(""),
    /** Fail at once with {@link LockNotAvailableException}: {@code FOR UPDATE NOWAIT}. */
    NOWAIT(" NOWAIT"),
    /** Behave as if the locked row did not exist: {@code FOR UPDATE SKIP LOCKED}. */
    SKIP_LOCKED(" SKIP LOCKED");

    private final String clause;

    LockMode(String clause) {
        this.clause = clause;
    }

    String forUpdateClause() {
        return "FOR UPDATE" + clause;
    }
}
