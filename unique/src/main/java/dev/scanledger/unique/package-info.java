/** Race-free uniqueness operations for PostgreSQL over plain JDBC. */
package dev.scanledger.unique;
