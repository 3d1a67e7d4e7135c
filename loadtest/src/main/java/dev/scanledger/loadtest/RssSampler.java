package dev.scanledger.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Samples a process's resident memory from /proc while load runs. VmHWM is the kernel's own peak,
 * so short spikes between samples are not missed.
 */
public final class RssSampler implements AutoCloseable {

    private final Path status;
    private final Thread thread;
    private volatile long maxRssKb;
    private volatile long peakKb;

    public RssSampler(long pid) {
        this.status = Path.of("/proc", String.valueOf(pid), "status");
        this.thread = LoadRunner.daemon("rss").newThread(this::sample);
        thread.start();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            read();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read() {
        try {
            for (String line : Files.readAllLines(status)) {
                kilobytes(line, "VmRSS:").ifPresent(kb -> maxRssKb = Math.max(maxRssKb, kb));
                kilobytes(line, "VmHWM:").ifPresent(kb -> peakKb = Math.max(peakKb, kb));
            }
        } catch (IOException e) {
            // the process ended; keep what was seen
        }
    }

    static OptionalLong kilobytes(String line, String field) {
        if (!line.startsWith(field)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
    }

    /** Largest RSS sampled, in MB. */
    public double maxRssMb() {
        read();
        return maxRssKb / 1024.0;
    }

    /** The kernel's high-water mark of RSS, in MB. */
    public double peakMb() {
        read();
        return peakKb / 1024.0;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
