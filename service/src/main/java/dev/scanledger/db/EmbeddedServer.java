package dev.scanledger.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;

/**
 * The embedded PostgreSQL the service uses: one it started (and stops), or, for an operator command
 * run beside a running service, the server that service started (left running).
 */
public final class EmbeddedServer implements AutoCloseable {

    private final EmbeddedPostgres started;
    private final int port;

    private EmbeddedServer(EmbeddedPostgres started, int port) {
        this.started = started;
        this.port = port;
    }

    static EmbeddedServer started(EmbeddedPostgres postgres) {
        return new EmbeddedServer(postgres, postgres.getPort());
    }

    static EmbeddedServer joined(Postmaster running) {
        return new EmbeddedServer(null, running.port());
    }

    int port() {
        return port;
    }

    /** zonky's servers trust local connections as the postgres superuser. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/postgres?user=postgres".formatted(port);
    }

    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }
}
