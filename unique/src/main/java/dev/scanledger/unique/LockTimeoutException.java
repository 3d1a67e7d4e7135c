package dev.scanledger.unique;

import java.sql.SQLException;

/** A waiting lock gave up because the session's lock_timeout expired (SQLSTATE 55P03 without NOWAIT). */
public class LockTimeoutException extends SQLException {
    LockTimeoutException(String table, SQLException cause) {
        super("lock_timeout expired waiting for a row in " + table, "55P03", cause);
    }
}
