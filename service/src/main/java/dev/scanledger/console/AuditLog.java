package dev.scanledger.console;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** Newest first, a page at a time before the entry {@code beforeId} (keyset: ids grow with time); of one target, or all. */
    KeysetPage<Entry> page(Long beforeId, String target) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (beforeId != null) {
            conditions.add("id < :before");
            params.put("before", beforeId);
        }
        if (target != null) {
            conditions.add("target = :target");
            params.put("target", target);
        }
        return KeysetPage.of(jdbc.sql("""
                SELECT id, at, actor_username, action, target, before::text AS before, after::text AS after
                  FROM audit_log %s ORDER BY id DESC LIMIT %d
                """.formatted(conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions), KeysetPage.FETCH))
                .params(params)
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getString("actor_username"), rs.getString("action"), rs.getString("target"),
                        rs.getString("before"), rs.getString("after")))
                .list(), entry -> String.valueOf(entry.id()));
    }
}
