package dev.scanledger.loadtest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A PostgreSQL of our own for the bench and the tests, configured as the service configures its
 * embedded one, so the service (via SCANLEDGER_DB_URL) and the JDBC ceiling hit the same server.
 * Durable means fsync and synchronous commit on, as in production: zonky turns both off by default.
 */
public final class DatabaseServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private DatabaseServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    public static DatabaseServer start(Path dataDirectory, boolean durable) throws IOException {
        String on = durable ? "on" : "off";
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", on)
                .setServerConfig("synchronous_commit", on)
                .setServerConfig("full_page_writes", on)
                .setServerConfig("max_connections", "200")
                .start();
        return new DatabaseServer(postgres, dataDirectory);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres".formatted(postgres.getPort());
    }

    /** Where the postmaster.pid is, for cleaning up after a killed JVM. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The postmaster's pid, from its own pid file: the parent of every backend. */
    public long postmasterPid() throws IOException {
        return Long.parseLong(java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
