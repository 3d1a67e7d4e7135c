package dev.scanledger.migration;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Copies tables chunk by chunk: this thread streams each chunk from Django into a free writer's staging
 * table, and the writer writes it in its own transaction while the next chunk streams into another.
 * Memory stays bounded whatever the table's size: a chunk passes through in blocks, never as a list.
 * Chunks are taken in id order from Django's snapshot, so the copy sees each row once.
 */
final class BulkCopy implements AutoCloseable {

    private final DjangoSource source;
    private final List<StagingWriter> writers = new ArrayList<>();
    private final ExecutorService executor;
    private final int chunkSize;

    BulkCopy(DjangoSource source, DataSource target, int jobs, int chunkSize) throws SQLException {
        this.source = source;
        this.chunkSize = chunkSize;
        try {
            for (int i = 0; i < jobs; i++) {
                writers.add(new StagingWriter(target.getConnection()));
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        this.executor = Executors.newFixedThreadPool(jobs, runnable -> {
            Thread thread = new Thread(runnable, "django-copy-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A target statement refused a chunk: the table and Scanledger's reason (a constraint it would break). */
    static final class RefusedChunkException extends Exception {
        RefusedChunkException(String table, SQLException cause) {
            super(table + ": Scanledger refused a chunk of the copy: " + cause.getMessage(), cause);
        }
    }

    /** Copies the table's rows; {@code shown} is advanced, and left for the caller to finish. */
    Delta copy(CopiedTable table, long[] skippedIds, Progress.Table shown) throws SQLException, RefusedChunkException {
        BlockingQueue<StagingWriter> idle = new LinkedBlockingQueue<>(writers);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Delta[] total = {new Delta(table.name(), 0, 0, 0, 0)};
        Long after = null;
        while (failure.get() == null) {
            StagingWriter writer = nextIdle(idle, failure);
            if (writer == null) {
                break;
            }
            StagingWriter.Staged staged;
            try {
                staged = writer.stage(source, table, after, chunkSize);
            } catch (SQLException e) {
                writer.rollback();
                idle.add(writer);
                awaitAll(idle);
                throw e;
            }
            if (staged.rows() == 0) {
                writer.rollback();
                idle.add(writer);
                break;
            }
            long considered = staged.rows() - skippedWithin(skippedIds, after, staged.lastId());
            after = staged.lastId();
            executor.execute(() -> {
                try {
                    StagingWriter.Written written = writer.merge(table, skippedIds);
                    synchronized (total) {
                        total[0] = total[0].plus(considered, written.inserted(), written.updated());
                    }
                    shown.advance(staged.rows());
                } catch (SQLException e) {
                    failure.compareAndSet(null, new RefusedChunkException(table.name(), e));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    idle.add(writer);
                }
            });
        }
        awaitAll(idle);
        Exception failed = failure.get();
        if (failed instanceof RefusedChunkException refused) {
            throw refused;
        } else if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new Delta(table.name(), total[0].considered(), total[0].inserted(), total[0].updated(), skippedIds.length);
    }

    /** How many of the sorted {@code ids} lie in (after, last]: the rows of a chunk the merge leaves out. */
    static long skippedWithin(long[] ids, Long after, long last) {
        int from = after == null ? 0 : insertionPoint(ids, after + 1);
        return Math.max(0, insertionPoint(ids, last + 1) - from);
    }

    /** The index of the first id at or above {@code id}. */
    private static int insertionPoint(long[] ids, long id) {
        int found = Arrays.binarySearch(ids, id);
        return found >= 0 ? found : -found - 1;
    }

    /** A writer free for the next chunk, or null once a writer has failed. */
    private static StagingWriter nextIdle(BlockingQueue<StagingWriter> idle, AtomicReference<Exception> failure) {
        try {
            while (failure.get() == null) {
                StagingWriter writer = idle.poll(100, TimeUnit.MILLISECONDS);
                if (writer != null) {
                    return writer;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        }
    }

    /** Waits until every writer is back, so no chunk is still being written. */
    private void awaitAll(BlockingQueue<StagingWriter> idle) {
        List<StagingWriter> back = new ArrayList<>();
        try {
            while (back.size() < writers.size()) {
                back.add(idle.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        }
    }

    @Override
    public void close() throws SQLException {
        if (executor != null) {
            executor.shutdownNow();
        }
        SQLException failure = null;
        for (StagingWriter writer : writers) {
            try {
                writer.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
