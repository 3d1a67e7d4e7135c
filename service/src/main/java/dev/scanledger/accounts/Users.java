package dev.scanledger.accounts;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Creates users and checks their passwords. */
@Component
public class Users {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    /** A hash of a random password by the current encoder, checked when no user has the name. */
    private final String unknownUserHash;

    Users(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
    }

    /**
     * Creates the user, or returns empty when the username is taken. The unique constraint decides,
     * so two operators creating the same name at once cannot both succeed.
     */
    public Optional<Long> create(String username, String password, Role role) {
        return jdbc.sql("""
                INSERT INTO users (username, password_hash, role) VALUES (:username, :hash, :role)
                ON CONFLICT ON CONSTRAINT users_username_key DO NOTHING
                RETURNING id
                """)
                .param("username", username)
                .param("hash", passwords.encode(password))
                .param("role", role.dbValue())
                .query(Long.class)
                .optional();
    }

    public Optional<Long> idOf(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = :username")
                .param("username", username)
                .query(Long.class)
                .optional();
    }

    /** Sets the user's first and last name (shown in the nested user of their scans); false when there is no such user. */
    public boolean rename(String username, String firstName, String lastName) {
        return jdbc.sql("UPDATE users SET first_name = :first, last_name = :last WHERE username = :username")
                .param("first", firstName)
                .param("last", lastName)
                .param("username", username)
                .update() == 1;
    }

    /**
     * The active user with these credentials, as Django's authenticate(). The password is checked
     * against a hash whatever is found, as Django runs the hasher once for an unknown user: an unknown
     * or inactive user costs the same slow hash as a wrong password, so the time taken does not tell
     * which usernames exist. A hash in another format than the one Scanledger makes (one copied from
     * Django) is replaced by Scanledger's own on that first successful login, as Django's
     * check_password re-encodes an outdated hash.
     */
    Optional<Long> authenticate(String username, String password) {
        Optional<Credentials> found = jdbc.sql("SELECT id, password_hash, active FROM users WHERE username = :username")
                .param("username", username)
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("password_hash"), rs.getBoolean("active")))
                .optional();
        boolean matches = passwords.matches(password, found.map(Credentials::hash).orElse(unknownUserHash));
        Optional<Credentials> authenticated = found.filter(c -> matches && c.active());
        authenticated.filter(c -> passwords.upgradeEncoding(c.hash())).ifPresent(c -> reencode(c, password));
        return authenticated.map(Credentials::id);
    }

    /**
     * Only if the hash is still the one just checked: a password changed meanwhile is never overwritten.
     * A password Scanledger's encoder cannot take (bcrypt reads at most 72 bytes, and its encoder refuses
     * longer ones rather than cut them) keeps the hash it has, which still verifies it.
     */
    private void reencode(Credentials checked, String password) {
        String encoded;
        try {
            encoded = passwords.encode(password);
        } catch (IllegalArgumentException e) {
            return;
        }
        jdbc.sql("UPDATE users SET password_hash = :new WHERE id = :id AND password_hash = :checked")
                .param("new", encoded)
                .param("id", checked.id())
                .param("checked", checked.hash())
                .update();
    }

    private record Credentials(long id, String hash, boolean active) {
    }
}
