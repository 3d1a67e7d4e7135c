package dev.scanledger.console;

import dev.scanledger.db.PgNotifications;
import dev.scanledger.rejected.RejectedDuplicates;
import dev.scanledger.scans.ScanEndpoint;
import dev.scanledger.scans.ScanListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
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
 */
@Component
class LiveFeed implements ScanListener, SmartLifecycle {

    static final String SCANS = "scanledger_scans";
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    private static final int SHOWN = 20;
    private static final int ANNOUNCED = 100;
    private static final long FLUSH_MILLIS = 250;
    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final long EMITTER_TIMEOUT_MILLIS = 30 * 60_000L;

    private final PgNotifications notifications;
    private final ScanSearch scans;
    private final DuplicateSearch duplicates;
    private final TemplateEngine templates;
    private final ConsoleText text;
    private final BlockingQueue<Long> created = new ArrayBlockingQueue<>(5_000);
    private final List<SseEmitter> browsers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread announcer;

    LiveFeed(PgNotifications notifications, ScanSearch scans, DuplicateSearch duplicates, TemplateEngine templates, ConsoleText text) {
        this.text = text;
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

    SseEmitter connect() {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MILLIS);
        emitter.onCompletion(() -> browsers.remove(emitter));
        emitter.onTimeout(() -> browsers.remove(emitter));
        emitter.onError(e -> browsers.remove(emitter));
        browsers.add(emitter);
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            browsers.remove(emitter);
        }
        return emitter;
    }

    int connectedBrowsers() {
        return browsers.size();
    }

    private final class Forward implements PgNotifications.Subscriber {
        private final String event;

        Forward(String event) {
            this.event = event;
        }

        @Override
        public void received(String payload) {
            if (browsers.isEmpty()) {
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
        for (SseEmitter browser : browsers) {
            try {
                synchronized (browser) {
                    browser.send(SseEmitter.event().name(event).data(data));
                }
            } catch (IOException | IllegalStateException e) {
                browsers.remove(browser);
            }
        }
    }

    private void heartbeat() {
        for (SseEmitter browser : browsers) {
            try {
                synchronized (browser) {
                    browser.send(SseEmitter.event().comment("still here"));
                }
            } catch (IOException | IllegalStateException e) {
                browsers.remove(browser);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        announcer = new Thread(this::announceUntilStopped, "live-feed");
        announcer.setDaemon(true);
        announcer.start();
    }

    @Override
    public void stop() {
        running = false;
        announcer.interrupt();
        browsers.forEach(SseEmitter::complete);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void announceUntilStopped() {
        List<Long> batch = new ArrayList<>();
        long nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
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
                    heartbeat();
                    nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_MILLIS;
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
