package dev.scanledger.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN/NOTIFY for every instance sharing the database. Listening runs on one dedicated
 * connection (not a pooled one: it is held for the life of the service) and one thread; when the
 * connection breaks, it is opened again with a growing pause and every channel is listened to again,
 * and subscribers are told with {@link Subscriber#reconnected()} that notifications may have been
 * missed in between. Sending goes through the pool, as any short statement.
 */
@Component
public class PgNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PgNotifications.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** A connection that died without a word (no reset from a vanished host) is noticed by this check. */
    private static final Duration VALIDITY_CHECK = Duration.ofSeconds(30);

    /** Receives the payloads of one channel, on the listening thread: keep the work short. */
    public interface Subscriber {
        void received(String payload);

        default void reconnected() {
        }
    }

    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource connections;
    private final JdbcClient jdbc;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Set<String> pendingListens = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile boolean connected;
    private volatile Connection current;

    @Autowired
    PgNotifications(DataSource dataSource, JdbcClient jdbc) {
        this(dedicatedConnections(dataSource), jdbc);
    }

    PgNotifications(ConnectionSource connections, JdbcClient jdbc) {
        this.connections = connections;
        this.jdbc = jdbc;
    }

    /** Opens connections like the pool's, but outside it. */
    private static ConnectionSource dedicatedConnections(DataSource dataSource) {
        return () -> {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
                Properties properties = new Properties();
                properties.putAll(hikari.getDataSourceProperties());
                if (hikari.getUsername() != null) {
                    properties.setProperty("user", hikari.getUsername());
                }
                if (hikari.getPassword() != null) {
                    properties.setProperty("password", hikari.getPassword());
                }
                properties.setProperty("ApplicationName", "scanledger-listener");
                return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
            }
            return dataSource.getConnection();
        };
    }

    /** Starts delivering the channel's notifications to {@code subscriber} (from the next one on). */
    public void subscribe(String channel, Subscriber subscriber) {
        requireChannelName(channel);
        subscribers.computeIfAbsent(channel, c -> {
            pendingListens.add(c);
            return new CopyOnWriteArrayList<>();
        }).add(subscriber);
    }

    /** Sends a notification to every listener of the channel, once the caller's transaction (if any) commits. */
    public void publish(String channel, String payload) {
        requireChannelName(channel);
        jdbc.sql("SELECT pg_notify(:channel, :payload)").param("channel", channel).param("payload", payload).query().singleRow();
    }

    /** True while the listening connection is open. */
    public boolean connected() {
        return connected;
    }

    private static void requireChannelName(String channel) {
        if (!channel.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listenUntilStopped, "pg-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread listening = thread;
        Connection open = current;
        if (open != null) {
            // wakes the thread from its wait for notifications
            try {
                open.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection", e);
            }
        }
        if (listening != null) {
            listening.interrupt();
            try {
                listening.join(POLL.multipliedBy(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenUntilStopped() {
        Duration pause = Duration.ofMillis(100);
        boolean everConnected = false;
        while (running) {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(true);
                current = connection;
                pendingListens.addAll(subscribers.keySet());
                connected = true;
                if (everConnected) {
                    log.info("Listening for notifications again");
                    subscribers.values().forEach(list -> list.forEach(PgNotifications::reconnected));
                }
                everConnected = true;
                pause = Duration.ofMillis(100);
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Notification listener lost its connection ({}); reconnecting in {} ms", e.getMessage(), pause.toMillis());
            } finally {
                connected = false;
                current = null;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + VALIDITY_CHECK.toNanos();
        while (running) {
            listenToNewChannels(connection);
            PGNotification[] received = pg.getNotifications((int) POLL.toMillis());
            if (System.nanoTime() - nextCheck > 0) {
                if (!connection.isValid(5)) {
                    throw new SQLException("connection is no longer valid");
                }
                nextCheck = System.nanoTime() + VALIDITY_CHECK.toNanos();
            }
            for (PGNotification notification : received) {
                deliver(notification.getName(), notification.getParameter());
            }
        }
    }

    private void listenToNewChannels(Connection connection) throws SQLException {
        for (String channel : List.copyOf(pendingListens)) {
            try (Statement statement = connection.createStatement()) {
                // the name was checked to be a plain lower-case identifier
                statement.execute("LISTEN " + channel);
            }
            pendingListens.remove(channel);
        }
    }

    private void deliver(String channel, String payload) {
        for (Subscriber subscriber : subscribers.getOrDefault(channel, List.of())) {
            try {
                subscriber.received(payload);
            } catch (RuntimeException e) {
                log.warn("A subscriber of {} failed on a notification", channel, e);
            }
        }
    }

    private static void reconnected(Subscriber subscriber) {
        try {
            subscriber.reconnected();
        } catch (RuntimeException e) {
            log.warn("A subscriber failed on reconnection", e);
        }
    }
}
