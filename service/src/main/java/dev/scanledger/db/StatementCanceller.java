package dev.scanledger.db;

import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At shutdown, once in-flight requests have had their grace period ({@code server.shutdown=graceful},
 * {@code spring.lifecycle.timeout-per-shutdown-phase}) and before the web server closes their
 * connections, cancels every statement this instance still has running and ends its open
 * transactions. Their requests then answer 503 while the client is still connected, and nothing they
 * started can commit after the client was cut off (a statement left running in PostgreSQL would:
 * closing a pooled connection does not stop its backend). This instance's connections are told apart
 * from other instances' by their {@code application_name}.
 */
@Component
public class StatementCanceller implements SmartLifecycle {

    /** Unique per process: set on every pooled connection (see DataSourceStartup). */
    static final String APPLICATION_NAME = "scanledger-" + UUID.randomUUID().toString().substring(0, 8);

    /** Between Boot's graceful shutdown (DEFAULT_PHASE - 1024) and the web server's stop (DEFAULT_PHASE - 2048). */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(StatementCanceller.class);

    private final JdbcClient jdbc;
    private volatile boolean running;
    private volatile boolean closing;

    StatementCanceller(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void refuseIfClosing() {
        if (closing) {
            throw new DatabaseFailures.DatabaseClosingException();
        }
    }

    /** Also after a stop: a paused context (Spring's test context cache pauses inactive ones) starts again. */
    @Override
    public void start() {
        closing = false;
        running = true;
    }

    @Override
    public void stop() {
        closing = true;
        running = false;
        try {
            int cancelled = cancelOwnStatements();
            if (cancelled > 0) {
                log.warn("Shutdown: cancelled {} statement(s) and transaction(s) still running after the grace period", cancelled);
                awaitAnswers();
            }
        } catch (RuntimeException e) {
            // The database may be the reason for the shutdown; nothing of ours runs there then.
            log.warn("Shutdown: could not cancel running statements: {}", e.getMessage());
        }
    }

    private int cancelOwnStatements() {
        return jdbc.sql("""
                SELECT CASE WHEN state = 'active' THEN pg_cancel_backend(pid) ELSE pg_terminate_backend(pid) END
                  FROM pg_stat_activity
                 WHERE application_name = :name AND pid <> pg_backend_pid()
                   AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')
                """)
                .param("name", APPLICATION_NAME)
                .query(Boolean.class)
                .list()
                .size();
    }

    /** Gives the cancelled requests a moment to send their 503 before the web server stops. */
    private void awaitAnswers() {
        long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
        while (System.nanoTime() < deadline && runningStatements() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long runningStatements() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND state = 'active' AND pid <> pg_backend_pid()")
                .param("name", APPLICATION_NAME)
                .query(Long.class)
                .single();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
