package dev.scanledger.labels;

import dev.scanledger.db.BoundedWork;
import dev.scanledger.db.Savepoints;
import dev.scanledger.db.UniqueJdbc;
import dev.scanledger.db.WorkKind;
import dev.scanledger.unique.ConflictTarget;
import dev.scanledger.unique.Got;
import dev.scanledger.web.DrfDateTimes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The SQL behind the labels API. Creating goes through the uniqueness toolkit's get-or-create. */
@Component
class LabelStore {

    static final ConflictTarget FACTORY_AND_CODE = ConflictTarget.constraint("labels_factory_code_key");

    private final JdbcClient jdbc;
    private final UniqueJdbc unique;
    private final BoundedWork work;
    private final Savepoints savepoints;

    LabelStore(JdbcClient jdbc, UniqueJdbc unique, BoundedWork work, Savepoints savepoints) {
        this.jdbc = jdbc;
        this.unique = unique;
        this.work = work;
        this.savepoints = savepoints;
    }

    record Filter(Long factory, String code) {
    }

    /** The label with this factory and code, created if there is none; race-free. */
    Got<LabelView> getOrCreate(LabelForm.NewLabel label) {
        // One lane per (factory, code): concurrent get-or-creates of one label wait for each other anyway.
        long lane = 31L * label.factory() + label.code().hashCode();
        // Under a savepoint inside an idempotent request: a refused insert must not abort the transaction
        // that stores the refusal.
        return savepoints.attempt(() -> work.run(WorkKind.CREATE, lane, () -> unique.run("get or create label",
                u -> u.getOrCreate("labels", FACTORY_AND_CODE, Map.of("factory_id", label.factory(), "code", label.code()), LabelStore::view))));
    }

    long count(Filter filter) {
        return jdbc.sql("""
                SELECT count(*) FROM labels
                 WHERE (CAST(:factory AS bigint) IS NULL OR factory_id = :factory)
                   AND (CAST(:code AS text) IS NULL OR code = :code)
                """)
                .param("factory", filter.factory(), Types.BIGINT)
                .param("code", filter.code(), Types.VARCHAR)
                .query(Long.class)
                .single();
    }

    List<LabelView> list(Filter filter, long offset, int limit) {
        return jdbc.sql("""
                SELECT * FROM labels
                 WHERE (CAST(:factory AS bigint) IS NULL OR factory_id = :factory)
                   AND (CAST(:code AS text) IS NULL OR code = :code)
                 ORDER BY id
                OFFSET :offset LIMIT :limit
                """)
                .param("factory", filter.factory(), Types.BIGINT)
                .param("code", filter.code(), Types.VARCHAR)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, n) -> view(rs))
                .list();
    }

    static LabelView view(ResultSet rs) throws SQLException {
        return new LabelView(
                rs.getLong("id"),
                rs.getObject("factory_id", Long.class),
                rs.getString("code"),
                rs.getObject("furthest_phase", Integer.class),
                rs.getObject("furthest_site_id", Long.class),
                DrfDateTimes.format(rs.getObject("created_date", OffsetDateTime.class)));
    }
}
