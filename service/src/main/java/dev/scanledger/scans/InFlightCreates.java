package dev.scanledger.scans;

import dev.scanledger.db.DatabaseTimeouts;
import dev.scanledger.db.WorkKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Identical creates in flight in this instance share one insert: the burst the app sends on a flaky
 * network. The first create of a (label, phase, distribution, store) runs its INSERT ... ON CONFLICT;
 * the others wait for it here rather than in the database, where each would hold a pooled connection
 * and a backend only to wait for the first one's commit. Once the database has given the key to a
 * committed scan (the first create's, or an earlier one's), they are answered the duplicate with no
 * statement of their own: the constraint decided, for the key they carry, and a later insert of theirs
 * could only have been refused. Anything else the first create met (a missing label, a timeout, a
 * database gone) decides nothing for them, and each then runs its own insert.
 *
 * <p>The sites are part of the key because a missing site outranks the duplicate (DRF checks fields
 * first), and a create waits at most the create statement timeout before it goes to the database itself.
 * Across instances the database alone decides, as it does for every create inside a transaction (an
 * Idempotency-Key's), whose insert is not committed when it returns.
 */
@Component
class InFlightCreates {

    /** What a finished create tells the ones that waited for it: the key is held by this committed scan. */
    private record Taken(Long scanId) {
    }

    private record Key(long label, int phase, Long distribution, Long store) {
        static Key of(NewScan scan) {
            return new Key(scan.label(), scan.phase(), scan.distribution(), scan.store());
        }
    }

    private final ConcurrentHashMap<Key, CompletableFuture<Taken>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Duration patience;

    InFlightCreates(DatabaseTimeouts timeouts) {
        this.patience = timeouts.of(WorkKind.CREATE).statement();
    }

    /**
     * Runs {@code insert}, or waits for an identical create already running. {@code duplicate} gets the id
     * of the scan that holds the key (null when the first create was itself refused) and returns the
     * answer to throw.
     */
    ScanView create(NewScan scan, Supplier<ScanView> insert, Function<Long, RuntimeException> duplicate) {
        Key key = Key.of(scan);
        CompletableFuture<Taken> mine = new CompletableFuture<>();
        CompletableFuture<Taken> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            Taken taken = await(running);
            if (taken != null) {
                throw duplicate.apply(taken.scanId());
            }
            return insert.get();
        }
        Taken outcome = null;
        try {
            ScanView created = insert.get();
            outcome = new Taken(created.id());
            return created;
        } catch (RuntimeException e) {
            if (ScanRecorder.isDuplicate(e)) {
                outcome = new Taken(null);
            }
            throw e;
        } finally {
            // Removed before it is completed: a create arriving in between starts its own insert.
            inFlight.remove(key, mine);
            mine.complete(outcome);
        }
    }

    /** Creates now waiting for an identical one's insert. */
    int waiting() {
        return waiting.get();
    }

    private Taken await(CompletableFuture<Taken> running) {
        waiting.incrementAndGet();
        try {
            return running.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("an in-flight create is only ever completed normally", e);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
