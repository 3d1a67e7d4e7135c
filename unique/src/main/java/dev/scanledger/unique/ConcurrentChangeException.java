package dev.scanledger.unique;

import java.sql.SQLException;

/**
 * A write neither stored its row nor found the conflicting one, more times than the bounded retry allows: the
 * conflicting row kept being deleted before it could be read, or a trigger silently dropped the insert.
 */
public class ConcurrentChangeException extends SQLException {
    ConcurrentChangeException(String table, int attempts) {
        super("row in %s neither inserted nor found in %d attempts (deleted concurrently?); giving up".formatted(table, attempts), "40001");
    }
}
