package dev.scanledger.scans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes image files that no scan refers to: left by a crash between writing the file and
 * committing its row, by an uncertain commit that turned out not to have happened, or replaced by a
 * PUT. Only files older than {@code scanledger.images.sweep.grace} are considered, far longer than a
 * request may take between writing its file and committing, so a file whose row is about to commit is
 * never taken. Runs shortly after start-up (when a crash's leftovers appear) and then every
 * {@code scanledger.images.sweep.interval}; each check is one indexed query per batch of files.
 */
@Component
class ImageSweep {

    private static final Logger log = LoggerFactory.getLogger(ImageSweep.class);
    private static final int BATCH = 500;

    private final ImageFiles files;
    private final JdbcClient jdbc;
    private final Duration grace;

    ImageSweep(ImageFiles files, JdbcClient jdbc, @Value("${scanledger.images.sweep.grace}") Duration grace) {
        this.files = files;
        this.jdbc = jdbc;
        this.grace = grace;
    }

    @Scheduled(initialDelayString = "${scanledger.images.sweep.initial-delay}", fixedDelayString = "${scanledger.images.sweep.interval}")
    void sweepOnSchedule() {
        try {
            int removed = sweep();
            if (removed > 0) {
                log.info("Image sweep removed {} file(s) no scan refers to", removed);
            }
        } catch (RuntimeException e) {
            log.warn("Image sweep skipped: {}", e.getMessage());
        }
    }

    /** The number of files removed. */
    int sweep() {
        Path scans = files.mediaRoot().resolve("scans");
        if (!Files.isDirectory(scans)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(grace);
        int removed = 0;
        List<String> batch = new ArrayList<>(BATCH);
        try (Stream<Path> walk = Files.walk(scans)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (isOlderFile(file, cutoff)) {
                    batch.add(files.mediaRoot().relativize(file).toString());
                    if (batch.size() == BATCH) {
                        removed += removeUnreferenced(batch);
                        batch.clear();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Image sweep stopped early: {}", e.getMessage());
        }
        return removed + removeUnreferenced(batch);
    }

    private int removeUnreferenced(List<String> candidates) {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> referenced = new HashSet<>(jdbc.sql("SELECT label_image FROM scans WHERE label_image = ANY(:paths)")
                .param("paths", candidates.toArray(String[]::new))
                .query(String.class)
                .list());
        int removed = 0;
        for (String candidate : candidates) {
            if (!referenced.contains(candidate)) {
                files.discard(candidate);
                removed++;
            }
        }
        return removed;
    }

    private static boolean isOlderFile(Path file, Instant cutoff) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // removed meanwhile
        }
    }
}
