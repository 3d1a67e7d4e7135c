package dev.scanledger.console;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change made in the console: who, what, when, and the values before and after. Written in the
 * transaction of the change itself, so a change and its entry commit or roll back together.
 */
@Component
class AuditLog {

    static final int PAGE = 50;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Entry(long id, OffsetDateTime at, String actor, String action, String target, String before, String after) {
    }

    void record(ConsolePrincipal actor, String action, String target, Map<String, ?> before, Map<String, ?> after) {
        jdbc.sql("""
                INSERT INTO audit_log (actor_id, actor_username, action, target, before, after)
                VALUES (:actor, :username, :action, :target, CAST(:before AS jsonb), CAST(:after AS jsonb))
                """)
                .param("actor", actor.id())
                .param("username", actor.username())
                .param("action", action)
                .param("target", target)
                .param("before", before == null ? null : json.writeValueAsString(before), Types.VARCHAR)
                .param("after", after == null ? null : json.writeValueAsString(after), Types.VARCHAR)
                .update();
    }

    /** Newest first, {@link #PAGE} at a time, after the entry {@code beforeId} (keyset: ids grow with time). */
    List<Entry> page(Long beforeId, String target) {
        StringBuilder where = new StringBuilder("WHERE true");
        if (beforeId != null) {
            where.append(" AND id < :before");
        }
        if (target != null) {
            where.append(" AND target = :target");
        }
        JdbcClient.StatementSpec query = jdbc.sql("""
                SELECT id, at, actor_username, action, target, before::text AS before, after::text AS after
                  FROM audit_log %s ORDER BY id DESC LIMIT :limit
                """.formatted(where))
                .param("limit", PAGE + 1);
        if (beforeId != null) {
            query = query.param("before", beforeId);
        }
        if (target != null) {
            query = query.param("target", target);
        }
        return query.query((rs, n) -> new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                rs.getString("actor_username"), rs.getString("action"), rs.getString("target"),
                rs.getString("before"), rs.getString("after"))).list();
    }
}
