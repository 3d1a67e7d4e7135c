package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;

/** The race contract for callers in autocommit mode: every statement is its own transaction. */
class AutocommitRaceTest extends UniquenessRaceContract {

    @Override
    protected Connection openRacer() throws SQLException {
        return SharedPostgres.connect();
    }

    @Override
    protected void finishOperation(Connection racer) {
        // Autocommit: each statement committed on its own.
    }
}
