package dev.scanledger.console;

import dev.scanledger.db.PgNotifications;
import dev.scanledger.rejected.RejectedDuplicates;
import dev.scanledger.scans.ScanEndpoint;
import dev.scanledger.scans.ScanListener;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The overview's live feed of scans and rejected duplicates, on every instance. Each instance
 * announces the scans it created on {@link #SCANS} (one NOTIFY per quarter second at most, whatever
 * the traffic: the request itself only puts an id on a bounded queue); the duplicate log announces on
 * {@link RejectedDuplicates#CHANNEL}. Every instance listens to both and sends the newest rows, as
 * HTML for htmx's SSE extension, to the browsers connected to it. A payload is
 * {@code "<count> <id>,<id>,..."}: how many happened, and the ids of the newest of them.
 *
 * <p>A stream is an open request: it stays counted until its request has really ended, and the feed
 * ends it itself whenever its browser cannot be served any more. A send that fails (the browser went
 * away) completes the request at once; the container would not, and the request would hold the
 * server's graceful shutdown for as long as its timeout. At every heartbeat a stream whose session
 * ended (signed out, expired) or whose user may no longer use the console (deactivated, made a driver)
 * is ended too, and at shutdown every stream is, before the web server waits for open requests.
 */
@Component
class LiveFeed implements ScanListener, SmartLifecycle {

    static final String SCANS = "scanledger_scans";
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final int SHOWN = 20;
    private static final int ANNOUNCED = 100;
    private static final long FLUSH_MILLIS = 250;
    private static final long EMITTER_TIMEOUT_MILLIS = 30 * 60_000L;

    private final PgNotifications notifications;
    private final ScanSearch scans;
    private final DuplicateSearch duplicates;
    private final TemplateEngine templates;
    private final ConsoleText text;
    private final ConsoleAccounts accounts;
    private final long heartbeatMillis;
    private final BlockingQueue<Long> created = new ArrayBlockingQueue<>(5_000);
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread announcer;

    /** A browser's open event stream: whose it is, in which session. */
    private record Stream(SseEmitter emitter, long userId, HttpSession session) {
    }

    LiveFeed(PgNotifications notifications, ScanSearch scans, DuplicateSearch duplicates, TemplateEngine templates, ConsoleText text,
            ConsoleAccounts accounts, @Value("${scanledger.console.live-heartbeat}") Duration heartbeat) {
        this.text = text;
        this.accounts = accounts;
        this.heartbeatMillis = heartbeat.toMillis();
        this.notifications = notifications;
        this.scans = scans;
        this.duplicates = duplicates;
        this.templates = templates;
        notifications.subscribe(SCANS, new Forward("scan"));
        notifications.subscribe(RejectedDuplicates.CHANNEL, new Forward("duplicate"));
    }

    /** Only the id; past the queue's capacity the oldest id waiting gives way (a feed shows the newest). */
    @Override
    public void created(ScanEndpoint endpoint, long scanId) {
        if (!created.offer(scanId)) {
            created.poll();
            created.offer(scanId);
        }
    }

    SseEmitter connect(ConsolePrincipal user, HttpSession session) {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MILLIS);
        Stream stream = new Stream(emitter, user.id(), session);
        // completion comes after a completion, a timeout and an error alike: only then is the request over
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(emitter::complete);
        streams.add(stream);
        send(stream, SseEmitter.event().comment("connected"));
        return emitter;
    }

    /** The streams whose requests are still open. */
    int connectedBrowsers() {
        return streams.size();
    }

    /** The open streams of one user. */
    long streamsOf(long userId) {
        return streams.stream().filter(stream -> stream.userId() == userId).count();
    }

    private final class Forward implements PgNotifications.Subscriber {
        private final String event;

        Forward(String event) {
            this.event = event;
        }

        @Override
        public void received(String payload) {
            if (streams.isEmpty()) {
                return;
            }
            String[] parts = payload.split(" ", 2);
            long count = Long.parseLong(parts[0]);
            List<Long> ids = parts.length < 2 || parts[1].isEmpty() ? List.of()
                    : Arrays.stream(parts[1].split(",")).map(Long::valueOf).toList();
            List<?> rows = event.equals("scan") ? scans.byIds(ids, SHOWN) : duplicates.byIds(ids, SHOWN);
            List<String> html = new ArrayList<>();
            // oldest first, so that each one inserted at the top leaves the newest on top
            for (int i = rows.size() - 1; i >= 0; i--) {
                Context context = new Context();
                context.setVariable("row", rows.get(i));
                html.add(render(event, context));
            }
            if (count > rows.size()) {
                Context context = new Context();
                context.setVariable("more", count - rows.size());
                html.add(render("more", context));
            }
            html.forEach(fragment -> sendToAll(event, fragment));
        }

        @Override
        public void reconnected() {
            sendToAll(event, render("gap", new Context()));
        }
    }

    private String render(String fragment, Context context) {
        context.setVariable("text", text);
        // SSE data must not contain bare newlines (each would start a new field)
        return templates.process("console/live", Set.of(fragment), context).replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private void sendToAll(String event, String data) {
        for (Stream stream : streams) {
            send(stream, SseEmitter.event().name(event).data(data));
        }
    }

    private void send(Stream stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            // the browser went away (or the stream ended meanwhile): end its request now
            stream.emitter().complete();
        }
    }

    /** Keeps idle connections open, and ends the streams of sessions and users that may no longer see the feed. */
    private void heartbeat() {
        if (streams.isEmpty()) {
            return;
        }
        Set<Long> allowed;
        try {
            allowed = accounts.allowedAmong(streams.stream().map(Stream::userId).collect(Collectors.toSet()));
        } catch (DataAccessException e) {
            // the database is away: keep the streams (their pages reconnect anyway) and look again next time
            log.debug("Could not check who may still see the live feed", e);
            allowed = null;
        }
        for (Stream stream : streams) {
            if ((allowed != null && !allowed.contains(stream.userId())) || !isValid(stream.session())) {
                stream.emitter().complete();
            } else {
                send(stream, SseEmitter.event().comment("still here"));
            }
        }
    }

    private static boolean isValid(HttpSession session) {
        try {
            session.getLastAccessedTime();
            return true;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
        announcer = new Thread(this::announceUntilStopped, "live-feed");
        announcer.setDaemon(true);
        announcer.start();
    }

    /** Before the web server's graceful shutdown (a later phase), which would otherwise wait for every open stream. */
    @Override
    public void stop() {
        running = false;
        announcer.interrupt();
        streams.forEach(stream -> stream.emitter().complete());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void announceUntilStopped() {
        List<Long> batch = new ArrayList<>();
        long nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
        while (running) {
            try {
                Long first = created.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    Thread.sleep(FLUSH_MILLIS);
                    batch.add(first);
                    created.drainTo(batch);
                    List<Long> newest = batch.subList(Math.max(0, batch.size() - ANNOUNCED), batch.size());
                    notifications.publish(SCANS, batch.size() + " " + newest.stream().map(String::valueOf).collect(Collectors.joining(",")));
                }
                if (System.currentTimeMillis() > nextHeartbeat) {
                    nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
                    heartbeat();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not announce {} new scans", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }
}
