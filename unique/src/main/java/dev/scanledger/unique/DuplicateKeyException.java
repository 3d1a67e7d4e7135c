package dev.scanledger.unique;

import java.sql.SQLException;

/** A write hit a unique constraint (SQLSTATE 23505); {@link #duplicateKey()} says which one and with what key. */
public class DuplicateKeyException extends SQLException {

    private final transient DuplicateKey duplicateKey;

    public DuplicateKeyException(DuplicateKey duplicateKey, SQLException cause) {
        super("duplicate key in %s: %s %s = %s".formatted(duplicateKey.table(), duplicateKey.constraint(),
                duplicateKey.columns(), duplicateKey.values().values()), "23505", cause);
        this.duplicateKey = duplicateKey;
    }

    public DuplicateKey duplicateKey() {
        return duplicateKey;
    }
}
