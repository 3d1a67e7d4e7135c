package dev.scanledger.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server already running on the embedded data directory, as its postmaster.pid tells:
 * either the server of a service that is still running, or one orphaned by a service killed with
 * SIGKILL, which would make the next start fail on the lock file. The server daemonizes (its parent is
 * init), so the service that started it is recorded in an owner file beside postmaster.pid.
 */
final class Postmaster {

    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
    private static final String OWNER_FILE = "scanledger-owner.pid";

    private final ProcessHandle process;
    private final int port;
    private final Path dataDirectory;

    private Postmaster(ProcessHandle process, int port, Path dataDirectory) {
        this.process = process;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** Records this JVM as the owner of the server it has just started on the data directory. */
    static void claim(Path dataDirectory) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(dataDirectory.resolve(OWNER_FILE), self.pid() + " " + startOf(self) + "\n");
    }

    /** The live postmaster of this data directory, if there is one. */
    static Optional<Postmaster> runningOn(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        // Lines: pid, data directory, start time, port, socket directory, ...
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4 || !Path.of(lines.get(1).trim()).equals(dataDirectory)) {
            return Optional.empty();
        }
        int port = Integer.parseInt(lines.get(3).trim());
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false))
                .map(process -> new Postmaster(process, port, dataDirectory));
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** The service that started it is gone (or unknown): nobody else will ever stop it. */
    boolean isOrphaned() throws IOException {
        Path ownerFile = dataDirectory.resolve(OWNER_FILE);
        if (!Files.exists(ownerFile)) {
            return true;
        }
        String[] owner = Files.readString(ownerFile).trim().split(" ");
        // The start time tells a live owner from an unrelated process that reuses its pid.
        return ProcessHandle.of(Long.parseLong(owner[0]))
                .filter(ProcessHandle::isAlive)
                .map(process -> !startOf(process).equals(owner.length > 1 ? owner[1] : ""))
                .orElse(true);
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("unknown");
    }

    void stop() {
        log.warn("Stopping PostgreSQL (pid {}) left running on our data directory by an earlier run", process.pid());
        process.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, crash-safe
        try {
            process.onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL pid " + process.pid() + " did not stop", e);
        }
    }
}
