package dev.scanledger.rejected;

import dev.scanledger.db.PgNotifications;
import dev.scanledger.scans.RejectedScan;
import dev.scanledger.scans.ScanListener;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps every scan the API refused as a duplicate, the answer to "why did my phone say duplicate?".
 * The request only puts the refusal on a bounded queue; one thread writes what has queued up with a
 * single INSERT ... SELECT FROM unnest(...) (finding each one's winning scan by its (label, phase)),
 * then announces the new rows on {@link #CHANNEL} for the console's live feed. A refusal that finds
 * the queue full is counted in {@link #dropped()} instead of slowing the API down, and one still
 * queued when the process dies is lost: this is a diagnostic log, not the record of scans.
 */
@Component
public class RejectedDuplicates implements ScanListener, SmartLifecycle {

    public static final String CHANNEL = "scanledger_duplicates";
    private static final Logger log = LoggerFactory.getLogger(RejectedDuplicates.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final PgNotifications notifications;
    private final BlockingQueue<RejectedScan> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    RejectedDuplicates(JdbcClient jdbc, PgNotifications notifications) {
        this.jdbc = jdbc;
        this.notifications = notifications;
    }

    @Override
    public void rejectedDuplicate(RejectedScan scan) {
        if (!queue.offer(scan)) {
            dropped.incrementAndGet();
        }
    }

    /** Refusals not kept because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Refusals written so far by this instance. */
    public long written() {
        return written.get();
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeUntilStopped, "rejected-duplicates");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void writeUntilStopped() {
        List<RejectedScan> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                RejectedScan first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                    write(batch);
                    return;
                }
            } catch (DataAccessException e) {
                log.warn("Could not record {} rejected duplicates", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<RejectedScan> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int size = batch.size();
        Timestamp[] at = new Timestamp[size];
        Long[] users = new Long[size];
        Long[] labels = new Long[size];
        Integer[] phases = new Integer[size];
        String[] endpoints = new String[size];
        Long[] distributions = new Long[size];
        Long[] stores = new Long[size];
        Long[] winners = new Long[size];
        for (int i = 0; i < size; i++) {
            RejectedScan scan = batch.get(i);
            at[i] = Timestamp.from(scan.at());
            users[i] = scan.userId();
            labels[i] = scan.labelId();
            phases[i] = scan.phase();
            endpoints[i] = scan.endpoint().tag();
            distributions[i] = scan.distributionId();
            stores[i] = scan.storeId();
            winners[i] = scan.winnerScanId();
        }
        // The EXISTS skip a refusal whose user or label was deleted meanwhile, rather than fail the batch. The winner is
        // looked up by (label, phase) only when the refusal does not name one, or names one deleted meanwhile (COALESCE
        // evaluates its second argument only when the first is null); naming the label lets a partitioned scans table
        // look in one partition.
        List<Long> ids = jdbc.sql("""
                INSERT INTO rejected_duplicates (rejected_at, user_id, label_id, phase, endpoint, distribution_id, store_id, winner_scan_id)
                SELECT r.at, r.user_id, r.label_id, r.phase, r.endpoint, r.distribution_id, r.store_id,
                       coalesce((SELECT w.id FROM scans w WHERE w.id = r.winner AND w.label_id = r.label_id),
                                (SELECT s.id FROM scans s WHERE s.label_id = r.label_id AND s.phase = r.phase))
                  FROM unnest(CAST(:at AS timestamptz[]), CAST(:users AS bigint[]), CAST(:labels AS bigint[]), CAST(:phases AS smallint[]),
                              CAST(:endpoints AS text[]), CAST(:distributions AS bigint[]), CAST(:stores AS bigint[]), CAST(:winners AS bigint[]))
                       AS r(at, user_id, label_id, phase, endpoint, distribution_id, store_id, winner)
                 WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)
                   AND EXISTS (SELECT 1 FROM labels l WHERE l.id = r.label_id)
                RETURNING id
                """)
                .param("at", at)
                .param("users", users)
                .param("labels", labels)
                .param("phases", phases)
                .param("endpoints", endpoints)
                .param("distributions", distributions)
                .param("stores", stores)
                .param("winners", winners)
                .query(Long.class)
                .list();
        written.addAndGet(ids.size());
        if (!ids.isEmpty()) {
            // The newest ids are enough for a live feed, and they keep the payload under PostgreSQL's 8,000 bytes.
            List<Long> newest = ids.subList(Math.max(0, ids.size() - 100), ids.size());
            notifications.publish(CHANNEL, ids.size() + " " + newest.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }
}
