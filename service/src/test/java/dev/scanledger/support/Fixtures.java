package dev.scanledger.support;

import dev.scanledger.accounts.ApiTokens;
import dev.scanledger.accounts.Role;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.sites.Sites;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates the world a test needs through the service's own components. Names are unique per call,
 * so tests sharing one database never see each other's rows.
 */
@TestComponent
public class Fixtures {

    public static final String PASSWORD = "s3cret-pass";
    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

    private final ApiTokens tokens;
    private final Sites sites;
    private final JdbcClient jdbc;
    /** {@link #PASSWORD} hashed once by the service's encoder: a bcrypt per user would dominate the suite's time. */
    private final String passwordHash;

    Fixtures(ApiTokens tokens, Sites sites, JdbcClient jdbc, PasswordEncoder passwords) {
        this.tokens = tokens;
        this.sites = sites;
        this.jdbc = jdbc;
        this.passwordHash = passwords.encode(PASSWORD);
    }

    public record Account(long id, String username, String token) {
    }

    public Account driver() {
        return account(Role.DRIVER);
    }

    public Account account(Role role) {
        return account(role, passwordHash);
    }

    /** An account whose password is stored as this hash (e.g. one Django made). */
    public Account account(Role role, String passwordHash) {
        String username = role.dbValue() + "-" + SEQUENCE.incrementAndGet();
        // As Users.create, but with the precomputed hash (Users.create itself is covered by OperatorCommandsTest).
        long id = jdbc.sql("INSERT INTO users (username, password_hash, role) VALUES (:username, :hash, :role) RETURNING id")
                .param("username", username).param("hash", passwordHash).param("role", role.dbValue())
                .query(Long.class).single();
        return new Account(id, username, tokens.issue(id));
    }

    public String passwordHashOf(Account account) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = :id").param("id", account.id()).query(String.class).single();
    }

    public void deactivate(Account account) {
        jdbc.sql("UPDATE users SET active = false WHERE id = :id").param("id", account.id()).update();
    }

    public long site(SiteKind kind) {
        return sites.getOrCreate(kind, kind.dbValue() + "-" + SEQUENCE.incrementAndGet());
    }

    public long label() {
        return labels(1).get(0);
    }

    /** {@code count} new labels of a new factory. */
    public List<Long> labels(int count) {
        long factory = site(SiteKind.FACTORY);
        String prefix = "L" + SEQUENCE.incrementAndGet() + "-";
        return jdbc.sql("""
                INSERT INTO labels (factory_id, code) SELECT :factory, :prefix || n FROM generate_series(1, :count) n
                RETURNING id
                """)
                .param("factory", factory).param("prefix", prefix).param("count", count)
                .query(Long.class).list();
    }

    /** Scans of the given labels in one phase, written straight to the table (for volume, not for the API's rules). */
    public void scans(Account driver, List<Long> labelIds, int phase) {
        jdbc.sql("INSERT INTO scans (user_id, label_id, phase) SELECT :user, unnest(:labels), :phase")
                .param("user", driver.id()).param("labels", labelIds.toArray(Long[]::new)).param("phase", phase)
                .update();
    }

    public long scansOf(long labelId) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE label_id = :label").param("label", labelId).query(Long.class).single();
    }

    public long scansOf(List<Long> labelIds) {
        return jdbc.sql("SELECT count(*) FROM scans WHERE label_id = ANY(:labels)")
                .param("labels", labelIds.toArray(Long[]::new)).query(Long.class).single();
    }

    public static List<Long> range(long from, long count) {
        return LongStream.range(from, from + count).boxed().toList();
    }
}
