package dev.scanledger.unique;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The race contract for callers holding an explicit transaction: the toolkit must work under savepoints, and the
 * COMMIT after every operation, including failed ones, proves that no conflict aborted the caller's transaction.
 */
class CallerTransactionRaceTest extends UniquenessRaceContract {

    @Override
    protected Connection openRacer() throws SQLException {
        return SharedPostgres.connectInTransaction();
    }

    @Override
    protected void finishOperation(Connection racer) throws SQLException {
        racer.commit();
    }
}
