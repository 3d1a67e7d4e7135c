package dev.scanledger.console;

import dev.scanledger.accounts.Role;
import dev.scanledger.web.FieldErrors;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Accounts as the console manages them. A username is unique by its constraint alone; every change
 * is one UPDATE under the row's lock that returns the row before and after, for the audit log.
 */
@Component
class UserAdmin {

    static final String USERNAME_TAKEN = "A user with that username already exists.";
    private static final int MIN_PASSWORD = 8;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    UserAdmin(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    record Account(long id, String username, String firstName, String lastName, String email, Role role, boolean active,
            OffsetDateTime joined, long keys) {
        public String roleName() {
            return role.dbValue();
        }
    }

    /** {@code role} is null when the form named none that exists (refused by the checks). */
    record Names(String firstName, String lastName, String email, Role role) {
    }

    record Change(Map<String, Object> before, Map<String, Object> after) {
    }

    private static final String ACCOUNT = """
            SELECT u.id, u.username, u.first_name, u.last_name, u.email, u.role, u.active, u.date_joined,
                   (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id) AS keys
              FROM users u
            """;

    /** What the users list is narrowed to; null is "any". */
    record Criteria(String text, Role role, Boolean active, String after) {
    }

    /**
     * Users in username order, a page at a time after the username {@code after}: username, first or last
     * name starting with {@code text} (any case), of one role, active or not.
     */
    KeysetPage<Account> search(Criteria criteria) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (criteria.text() != null) {
            Prefix text = Prefix.lowerCase(criteria.text());
            conditions.add("(" + text.condition("lower(u.username)", "text") + " OR " + text.condition("lower(u.first_name)", "text")
                    + " OR " + text.condition("lower(u.last_name)", "text") + ")");
            text.bind(params, "text");
        }
        if (criteria.role() != null) {
            conditions.add("u.role = :role");
            params.put("role", criteria.role().dbValue());
        }
        if (criteria.active() != null) {
            conditions.add(criteria.active() ? "u.active" : "NOT u.active");
        }
        if (criteria.after() != null) {
            conditions.add("u.username > :after");
            params.put("after", criteria.after());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = criteria.text() == null
                ? ACCOUNT + where + " ORDER BY u.username LIMIT " + KeysetPage.FETCH
                // The matches of the three name indexes, sorted: walking users by username and keeping the matches would
                // read every user before them. MATERIALIZED keeps the planner from choosing that walk (it cannot tell).
                : "WITH matching AS MATERIALIZED (SELECT u.id, u.username FROM users u" + where + ") " + ACCOUNT
                        + " JOIN (SELECT id FROM matching ORDER BY username LIMIT " + KeysetPage.FETCH + ") page ON page.id = u.id"
                        + " ORDER BY u.username";
        return KeysetPage.of(jdbc.sql(sql).params(params).query((rs, n) -> account(rs)).list(), Account::username);
    }

    Optional<Account> find(long id) {
        return jdbc.sql(ACCOUNT + " WHERE u.id = :id").param("id", id).query((rs, n) -> account(rs)).optional();
    }

    /** The active driver with this username, for whom a scan may be entered. */
    Optional<Account> activeDriver(String username) {
        return jdbc.sql(ACCOUNT + " WHERE u.username = :username AND u.role = 'driver' AND u.active")
                .param("username", username).query((rs, n) -> account(rs)).optional();
    }

    /** Up to {@code limit} usernames of active drivers starting with {@code text}, for a form's suggestions. */
    List<String> activeDriversStartingWith(String text, int limit) {
        Prefix prefix = Prefix.lowerCase(text);
        Map<String, Object> params = new LinkedHashMap<>();
        prefix.bind(params, "name");
        return jdbc.sql("SELECT username FROM users WHERE " + prefix.condition("lower(username)", "name")
                        + " AND role = 'driver' AND active ORDER BY username LIMIT " + limit)
                .params(params).query(String.class).list();
    }

    /** A manager manages drivers; an admin manages everyone. */
    static boolean mayManage(ConsolePrincipal me, Role role) {
        return me.isAdmin() || role == Role.DRIVER;
    }

    long create(String username, String password, Names names) {
        FieldErrors errors = new FieldErrors();
        String name = username == null ? "" : username.strip();
        if (name.isEmpty()) {
            errors.add("username", "This field may not be blank.");
        } else if (name.length() > 150 || !name.matches("[\\w.@+-]+")) {
            errors.add("username", "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
        }
        checkPassword(errors, password);
        checkNames(errors, names);
        errors.throwIfAny();
        return jdbc.sql("""
                INSERT INTO users (username, password_hash, role, first_name, last_name, email)
                VALUES (:username, :hash, :role, :first, :last, :email)
                ON CONFLICT ON CONSTRAINT users_username_key DO NOTHING
                RETURNING id
                """)
                .param("username", name)
                .param("hash", passwords.encode(password))
                .param("role", names.role().dbValue())
                .param("first", names.firstName())
                .param("last", names.lastName())
                .param("email", names.email())
                .query(Long.class)
                .optional()
                .orElseThrow(() -> FieldErrors.single("username", USERNAME_TAKEN));
    }

    Optional<Change> update(long id, Names names) {
        FieldErrors errors = new FieldErrors();
        checkNames(errors, names);
        errors.throwIfAny();
        return jdbc.sql("""
                UPDATE users u SET first_name = :first, last_name = :last, email = :email, role = :role
                  FROM (SELECT id, first_name, last_name, email, role FROM users WHERE id = :id FOR UPDATE) old
                 WHERE u.id = old.id
                RETURNING old.first_name AS old_first, old.last_name AS old_last, old.email AS old_email, old.role AS old_role,
                          u.first_name, u.last_name, u.email, u.role
                """)
                .param("id", id)
                .param("first", names.firstName())
                .param("last", names.lastName())
                .param("email", names.email())
                .param("role", names.role().dbValue())
                .query((rs, n) -> new Change(
                        values("first_name", rs.getString("old_first"), "last_name", rs.getString("old_last"),
                                "email", rs.getString("old_email"), "role", rs.getString("old_role")),
                        values("first_name", rs.getString("first_name"), "last_name", rs.getString("last_name"),
                                "email", rs.getString("email"), "role", rs.getString("role"))))
                .optional();
    }

    boolean setPassword(long id, String password) {
        FieldErrors errors = new FieldErrors();
        checkPassword(errors, password);
        errors.throwIfAny();
        return jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
                .param("id", id).param("hash", passwords.encode(password)).update() == 1;
    }

    /** Empty when there is no such user, or when it already was as asked. */
    Optional<Change> setActive(long id, boolean active) {
        return jdbc.sql("""
                UPDATE users u SET active = :active
                  FROM (SELECT id, active FROM users WHERE id = :id FOR UPDATE) old
                 WHERE u.id = old.id AND old.active <> :active
                RETURNING old.active AS was
                """)
                .param("id", id)
                .param("active", active)
                .query((rs, n) -> new Change(values("active", rs.getBoolean("was")), values("active", active)))
                .optional();
    }

    private static void checkPassword(FieldErrors errors, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.add("password", "This password is too short. It must contain at least " + MIN_PASSWORD + " characters.");
        } else if (password.indexOf('\0') >= 0) {
            errors.add("password", FieldErrors.NULL_CHARACTERS);
        }
    }

    private static void checkNames(FieldErrors errors, Names names) {
        if (names.role() == null) {
            errors.add("role", "Select a valid choice.");
        }
        checkLength(errors, "first_name", names.firstName(), 150);
        checkLength(errors, "last_name", names.lastName(), 150);
        checkLength(errors, "email", names.email(), 254);
        if (!names.email().isEmpty() && !names.email().matches("[^@\\s]+@[^@\\s]+")) {
            errors.add("email", "Enter a valid email address.");
        }
    }

    private static void checkLength(FieldErrors errors, String field, String value, int max) {
        if (value.length() > max) {
            errors.add(field, "Ensure this field has no more than " + max + " characters.");
        } else if (value.indexOf('\0') >= 0) {
            errors.add(field, FieldErrors.NULL_CHARACTERS);
        }
    }

    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("email"), Role.fromDb(rs.getString("role")), rs.getBoolean("active"),
                rs.getObject("date_joined", OffsetDateTime.class), rs.getLong("keys"));
    }
}
