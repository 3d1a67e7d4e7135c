package dev.scanledger.console;

import dev.scanledger.accounts.Role;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Looks console users up for the sign-in form and for the per-request check of a signed-in session. */
@Component
class ConsoleAccounts implements UserDetailsService {

    private final JdbcClient jdbc;

    ConsoleAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ConsolePrincipal loadUserByUsername(String username) {
        return find("username = :key", username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    Optional<ConsolePrincipal> byId(long id) {
        return find("id = :key", id);
    }

    /** Those of the given users who may still use the console: active managers and admins. */
    Set<Long> allowedAmong(Collection<Long> ids) {
        return Set.copyOf(jdbc.sql("SELECT id FROM users WHERE id = ANY(:ids) AND active AND role IN ('manager', 'admin')")
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .list());
    }

    private Optional<ConsolePrincipal> find(String condition, Object key) {
        return jdbc.sql("SELECT id, username, role, password_hash, active FROM users WHERE " + condition)
                .param("key", key)
                .query((rs, n) -> new ConsolePrincipal(rs.getLong("id"), rs.getString("username"),
                        Role.fromDb(rs.getString("role")), rs.getString("password_hash"), rs.getBoolean("active")))
                .optional();
    }
}
