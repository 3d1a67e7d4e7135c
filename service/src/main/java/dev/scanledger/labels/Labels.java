package dev.scanledger.labels;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The printed labels stuck on goods at a factory. */
@Component
public class Labels {

    private final JdbcClient jdbc;

    Labels(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<LabelView> find(long id) {
        return jdbc.sql("SELECT * FROM labels WHERE id = :id").param("id", id).query((rs, n) -> LabelStore.view(rs)).optional();
    }

    /** Which of the given ids exist. */
    public Set<Long> existing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return jdbc.sql("SELECT id FROM labels WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .set();
    }

    /**
     * Creates {@code count} labels coded {@code prefix + 1 .. prefix + count} at the factory,
     * skipping codes that exist; returns how many were new.
     */
    public int generate(long factoryId, String prefix, int count) {
        return jdbc.sql("""
                INSERT INTO labels (factory_id, code)
                SELECT :factory, :prefix || n FROM generate_series(1, :count) AS n
                ON CONFLICT ON CONSTRAINT labels_factory_code_key DO NOTHING
                """)
                .param("factory", factoryId)
                .param("prefix", prefix)
                .param("count", count)
                .update();
    }
}
