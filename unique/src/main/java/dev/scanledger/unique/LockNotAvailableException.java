package dev.scanledger.unique;

import java.sql.SQLException;

/** A {@link LockMode#NOWAIT} lock found the row locked by another transaction (SQLSTATE 55P03). */
public class LockNotAvailableException extends SQLException {
    LockNotAvailableException(String table, SQLException cause) {
        super("row in " + table + " is locked by another transaction", "55P03", cause);
    }
}
