package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Labels by code prefix (labels_code_prefix_idx) and factory, keyset on id. */
@Component
class LabelSearch {

    static final int PAGE = 50;

    private static final String ROW = """
            SELECT l.id, l.code, l.factory_id, f.name AS factory, l.furthest_phase, w.name AS furthest_site, l.created_date
              FROM labels l
              LEFT JOIN sites f ON f.id = l.factory_id AND f.kind = 'factory'
              LEFT JOIN sites w ON w.id = l.furthest_site_id AND w.kind = l.furthest_site_kind
            """;

    private final JdbcClient jdbc;

    LabelSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(long id, String code, long factoryId, String factory, Integer furthestPhase, String furthestSite, OffsetDateTime created) {
    }

    record Page(List<Row> rows, Long next) {
    }

    Page search(String code, Long factory, Long afterId) {
        List<String> conditions = new ArrayList<>();
        if (code != null) {
            conditions.add("l.code LIKE :code");
        }
        if (factory != null) {
            conditions.add("l.factory_id = :factory");
        }
        if (afterId != null) {
            conditions.add("l.id > :after");
        }
        JdbcClient.StatementSpec query = jdbc.sql(ROW + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY l.id LIMIT " + (PAGE + 1));
        if (code != null) {
            query = query.param("code", ScanSearch.likePrefix(code));
        }
        if (factory != null) {
            query = query.param("factory", factory);
        }
        if (afterId != null) {
            query = query.param("after", afterId);
        }
        List<Row> rows = query.query(LabelSearch::row).list();
        return rows.size() > PAGE ? new Page(rows.subList(0, PAGE), rows.get(PAGE - 1).id()) : new Page(rows, null);
    }

    Optional<Row> find(long id) {
        return jdbc.sql(ROW + " WHERE l.id = :id").param("id", id).query(LabelSearch::row).optional();
    }

    /** The label with this code when exactly one label has it (codes are unique per factory only). */
    List<Long> idsWithCode(String code) {
        return jdbc.sql("SELECT id FROM labels WHERE code = :code ORDER BY id LIMIT 2").param("code", code).query(Long.class).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("code"), rs.getLong("factory_id"), rs.getString("factory"),
                rs.getObject("furthest_phase", Integer.class), rs.getString("furthest_site"),
                rs.getObject("created_date", OffsetDateTime.class));
    }
}
