package dev.scanledger.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a request may have written: row counts of every table and the files under the media
 * directory. A rejected request must leave {@link #take()} equal to what it was before.
 */
@TestComponent
public class Snapshots {

    private final JdbcClient jdbc;
    private final Path mediaRoot;

    Snapshots(JdbcClient jdbc, @Value("${scanledger.media.dir}") String mediaDir) {
        this.jdbc = jdbc;
        this.mediaRoot = Path.of(mediaDir).toAbsolutePath();
    }

    /** Counts only, so a failure message stays readable (the media directory outlives test runs). */
    public record Snapshot(long scans, long users, long tokens, long sites, long labels, long mediaFiles) {
    }

    public Snapshot take() {
        return new Snapshot(count("scans"), count("users"), count("api_tokens"), count("sites"), count("labels"), mediaFiles().size());
    }

    public Path mediaRoot() {
        return mediaRoot;
    }

    public Set<Path> mediaFiles() {
        if (!Files.isDirectory(mediaRoot)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(mediaRoot)) {
            return files.filter(Files::isRegularFile).map(mediaRoot::relativize).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long count(String table) {
        // table names are constants of this class, never input
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
