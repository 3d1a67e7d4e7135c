package dev.scanledger.migration;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress per table: rows done, rows per second and time left. On a terminal one line is rewritten in
 * place; otherwise (a log, a test) a line is printed every few seconds. Each table ends with its summary.
 */
final class Progress {

    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintStream out;
    private final boolean terminal;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    PrintStream out() {
        return out;
    }

    Table table(String name, long total) {
        return new Table(name, total);
    }

    final class Table {
        private final String name;
        private final long total;
        private final long started = System.nanoTime();
        private long done;
        private long lastPrinted = started;

        private Table(String name, long total) {
            this.name = name;
            this.total = total;
        }

        synchronized void advance(long rows) {
            done += rows;
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + line(now) + "   ");
                out.flush();
            } else if (now - lastPrinted >= LOG_INTERVAL_NANOS) {
                out.println(line(now));
                lastPrinted = now;
            }
        }

        private String line(long now) {
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            long perSecond = Math.round(done / seconds);
            String left = perSecond == 0 ? "" : ", about %s left".formatted(duration(Math.max(0, total - done) / (double) perSecond));
            return "%s: %,d of %,d rows (%d%%), %,d rows/s%s".formatted(name, done, total, total == 0 ? 100 : done * 100 / total,
                    perSecond, left);
        }

        /** A step of the table's copy that advances no row count. */
        synchronized void note(String step) {
            if (terminal) {
                out.print("\r");
            }
            out.println("%s: %s".formatted(name, step));
        }

        synchronized void finish(Delta delta) {
            double seconds = (System.nanoTime() - started) / 1e9;
            if (terminal) {
                out.print("\r");
            }
            out.println("%s: %,d rows in %.1f s (%,d rows/s): %s".formatted(name, delta.considered(), seconds,
                    Math.round(delta.considered() / Math.max(1e-3, seconds)), delta.describe()));
        }
    }

    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole < 60 ? whole + " s" : "%d min %02d s".formatted(whole / 60, whole % 60);
    }
}
