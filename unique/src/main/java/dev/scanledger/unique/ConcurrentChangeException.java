package dev.scanledger.unique;

import java.sql.SQLException;

/**
 * The row kept conflicting on insert and then vanishing before it could be read (concurrent deletes),
 * more times than the bounded retry allows.
 */
public class ConcurrentChangeException extends SQLException {
    public ConcurrentChangeException(String table, int attempts) {
        super("row in %s was deleted concurrently %d times in a row; giving up".formatted(table, attempts), "40001");
    }
}
