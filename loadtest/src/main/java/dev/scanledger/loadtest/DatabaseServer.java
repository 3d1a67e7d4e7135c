package dev.scanledger.loadtest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL of our own for the bench and the tests, configured as the service configures its
 * embedded one, so the service (via SCANLEDGER_DB_URL) and the JDBC ceiling hit the same server.
 * Durable means fsync and synchronous commit on, as in production: zonky turns both off by default.
 * pg_stat_statements is loaded, as most production servers run it, so the bench can count what each
 * request's statements touch.
 */
public final class DatabaseServer implements AutoCloseable {

    /** Connections PostgreSQL accepts at once, as the service's embedded one. */
    static final int MAX_CONNECTIONS = 200;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private DatabaseServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    public static DatabaseServer start(Path dataDirectory, boolean durable) throws IOException {
        return start(dataDirectory, durable, 0);
    }

    /** On a given port (0: any free one), e.g. one a service was already told to use. */
    public static DatabaseServer start(Path dataDirectory, boolean durable, int port) throws IOException {
        return start(dataDirectory, durable, port, MAX_CONNECTIONS);
    }

    /** Accepting {@code maxConnections} at once (bench/levers runs a score of services at once). */
    static DatabaseServer start(Path dataDirectory, boolean durable, int port, int maxConnections) throws IOException {
        return start(dataDirectory, durable, port, maxConnections, "");
    }

    /** With {@code sharedBuffers} (PostgreSQL's units, e.g. {@code 4GB}; blank: the server's default, as the service's embedded one). */
    static DatabaseServer start(Path dataDirectory, boolean durable, int port, int maxConnections, String sharedBuffers) throws IOException {
        String on = durable ? "on" : "off";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        if (!sharedBuffers.isBlank()) {
            builder.setServerConfig("shared_buffers", sharedBuffers);
        }
        EmbeddedPostgres postgres = builder
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", on)
                .setServerConfig("synchronous_commit", on)
                .setServerConfig("full_page_writes", on)
                .setServerConfig("max_connections", String.valueOf(maxConnections))
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
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

    public int port() {
        return postgres.getPort();
    }

    /**
     * Stops the server as an operator would with {@code pg_ctl stop -m fast} (SIGINT to the postmaster:
     * open connections are cut, running transactions roll back), leaving the data directory for
     * {@link #restart()}. Returns once the signal is sent: the server's own shutdown goes on meanwhile.
     * A signal, not pg_ctl: pg_ctl refuses to run as root, which CI is.
     */
    public void stop() throws IOException, InterruptedException {
        if (command == null) {
            command = postmasterCommand();
        }
        stoppedPid = postmasterPid();
        signal("INT", stoppedPid);
    }

    /** Starts the stopped server again with the command line it ran with (postmaster.opts), on the same port. */
    public void restart() throws IOException, InterruptedException {
        // The stopped postmaster finishes its shutdown checkpoint first; its data directory is locked until then.
        ProcessHandle.of(stoppedPid).ifPresent(process -> process.onExit().join());
        // As zonky starts it: in a user namespace (unshare -U) where root is nobody, since PostgreSQL refuses root.
        List<String> unshared = new ArrayList<>(List.of("unshare", "-U"));
        unshared.addAll(command);
        restarted = new ProcessBuilder(unshared).redirectErrorStream(true)
                .redirectOutput(dataDirectory.resolve("restart.log").toFile()).start();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(jdbcUrl())) {
                return;
            } catch (java.sql.SQLException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("PostgreSQL did not come back within 30 s: " + Files.readString(dataDirectory.resolve("restart.log")));
    }

    private List<String> command;
    private long stoppedPid;
    private Process restarted;

    /** postmaster.opts: the binary, then each argument in double quotes. */
    private List<String> postmasterCommand() throws IOException {
        String line = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
        List<String> parts = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            parts.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return parts;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws IOException {
        if (restarted != null) {
            // Ours now, not zonky's: stop it the same way, then let zonky clean up the directory.
            try {
                if (restarted.isAlive()) {
                    signal("INT", restarted.pid());
                    restarted.waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException exitedMeanwhile) {
                // nothing left to stop
            }
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException alreadyStopped) {
            if (restarted == null) {
                throw alreadyStopped;
            }
        }
    }
}
