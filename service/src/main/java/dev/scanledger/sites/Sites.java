package dev.scanledger.sites;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
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

    /**
     * Which of the given ids are sites of this kind. Each kind has its own ids (as the original's three
     * tables had), so id 1 may be both a distribution centre and a store.
     */
    public Set<Long> existing(SiteKind kind, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("SELECT id FROM sites WHERE kind = :kind AND id = ANY(:ids)")
                .param("kind", kind.dbValue())
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .set();
    }
}
