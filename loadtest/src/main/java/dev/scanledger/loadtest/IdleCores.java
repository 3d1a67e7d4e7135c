package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How idle the machine's cores are, from the first line of {@code /proc/stat}. A start-up timed while
 * PostgreSQL still runs the autovacuum or the checkpoint the steps before it caused measures that
 * work as well: the start-up runs wait for quiet cores first.
 */
final class IdleCores {

    private static final Path STAT = Path.of("/proc/stat");

    private IdleCores() {
    }

    /**
     * Waits until the cores were at least {@code share} idle over one {@code window}, at most {@code limit};
     * returns the idle share of the last window (NaN where /proc/stat cannot be read).
     */
    static double await(double share, Duration window, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        double idle;
        do {
            long[] before = ticks();
            Thread.sleep(window.toMillis());
            long[] after = ticks();
            if (before == null || after == null || after[0] == before[0]) {
                return Double.NaN;
            }
            idle = (double) (after[1] - before[1]) / (after[0] - before[0]);
        } while (idle < share && System.nanoTime() < deadline);
        return idle;
    }

    /** All ticks and idle ticks (idle + iowait) since boot, or null. */
    private static long[] ticks() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
