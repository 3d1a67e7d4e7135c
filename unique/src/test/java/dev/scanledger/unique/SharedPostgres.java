package dev.scanledger.unique;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL for the whole test JVM: started by the first test class that needs it, kept in the root
 * extension store, and closed by JUnit when the store closes at the end of the run.
 */
final class SharedPostgres implements BeforeAllCallback {

    private static volatile Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Server.class, key -> Server.start(), Server.class);
    }

    /** A new connection in autocommit mode; the caller closes it. */
    static Connection connect() throws SQLException {
        if (server == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedPostgres.class)");
        }
        return server.postgres.getPostgresDatabase().getConnection();
    }

    /** A new connection with an open transaction (autocommit off); the caller commits or rolls back and closes it. */
    static Connection connectInTransaction() throws SQLException {
        Connection connection = connect();
        connection.setAutoCommit(false);
        return connection;
    }

    record Server(EmbeddedPostgres postgres) implements AutoCloseable {

        static Server start() {
            try {
                // The race suite holds two connections per racing thread at peak, beyond the default of 100.
                return new Server(EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start());
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
        }

        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }
}
