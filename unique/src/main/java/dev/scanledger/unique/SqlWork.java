package dev.scanledger.unique;

import java.sql.SQLException;

/** A unit of JDBC work whose failure is an SQLException. */
@FunctionalInterface
interface SqlWork<T> {
    T run() throws SQLException;
}
