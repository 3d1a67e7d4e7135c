package dev.scanledger.sites;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Factories, distribution centres and stores. */
@Component
public class Sites {

    private final JdbcClient jdbc;

    Sites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The site's id, creating it when no site of that kind has that name (race-free: the constraint decides). */
    public long getOrCreate(SiteKind kind, String name) {
        return jdbc.sql("""
                WITH created AS (
                    INSERT INTO sites (kind, name) VALUES (:kind, :name)
                    ON CONFLICT ON CONSTRAINT sites_kind_name_key DO NOTHING
                    RETURNING id)
                SELECT id FROM created
                """)
                .param("kind", kind.dbValue())
                .param("name", name)
                .query(Long.class)
                .optional()
                .or(() -> find(kind, name))
                .orElseThrow(() -> new IllegalStateException("site " + kind + " " + name + " vanished while being created"));
    }

    public Optional<Long> find(SiteKind kind, String name) {
        return jdbc.sql("SELECT id FROM sites WHERE kind = :kind AND name = :name")
                .param("kind", kind.dbValue())
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /** The kind of each of the given ids that exists. */
    public Map<Long, SiteKind> kindsOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT id, kind FROM sites WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, n) -> Map.entry(rs.getLong("id"), SiteKind.fromDb(rs.getString("kind"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
