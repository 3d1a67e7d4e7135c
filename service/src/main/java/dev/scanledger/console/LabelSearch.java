package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Labels by code prefix (labels_code_prefix_idx) and factory (labels_factory_id_idx), keyset on id. */
@Component
class LabelSearch {

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

    record Row(long id, String code, Long factoryId, String factory, Integer furthestPhase, String furthestSite, OffsetDateTime created) {
    }

    /**
     * Labels in id order, a page at a time after {@code afterId}: codes starting with {@code code}, of one factory.
     * A code is looked up in its own index and the matches sorted; past {@link ScanSearch#LABELS_SEARCHED} matches
     * it is refused as too short (walking labels by id and keeping the matches costs as much as there are labels
     * in between, and codes follow time: a lot is made, then the next).
     */
    KeysetPage<Row> search(String code, Long factory, Long afterId) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (code != null) {
            Prefix prefix = Prefix.of(code);
            prefix.bind(params, "code");
            conditions.add(prefix.condition("l.code", "code"));
        }
        if (factory != null) {
            conditions.add("l.factory_id = :factory");
            params.put("factory", factory);
        }
        if (code != null) {
            String matching = "SELECT count(*) FROM (SELECT FROM labels l WHERE " + String.join(" AND ", conditions)
                    + " LIMIT " + (ScanSearch.LABELS_SEARCHED + 1) + ") capped";
            if (jdbc.sql(matching).params(params).query(Long.class).single() > ScanSearch.LABELS_SEARCHED) {
                return KeysetPage.refused("More than " + ScanSearch.LABELS_SEARCHED + " labels have a code starting with \"" + code
                        + "\": type more of the code.");
            }
        }
        if (afterId != null) {
            conditions.add("l.id > :after");
            params.put("after", afterId);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = code == null
                ? ROW + where + " ORDER BY l.id LIMIT " + KeysetPage.FETCH
                // MATERIALIZED keeps the planner from walking labels by id instead (it assumes codes spread evenly)
                : "WITH matching AS MATERIALIZED (SELECT l.id FROM labels l" + where + ") " + ROW
                        + " JOIN (SELECT id FROM matching ORDER BY id LIMIT " + KeysetPage.FETCH + ") page ON page.id = l.id ORDER BY l.id";
        return KeysetPage.of(jdbc.sql(sql).params(params).query(LabelSearch::row).list(), row -> String.valueOf(row.id()));
    }

    Optional<Row> find(long id) {
        return jdbc.sql(ROW + " WHERE l.id = :id").param("id", id).query(LabelSearch::row).optional();
    }

    /** The label with this code when exactly one label has it (codes are unique per factory only). */
    List<Long> idsWithCode(String code) {
        return jdbc.sql("SELECT id FROM labels WHERE code = :code ORDER BY id LIMIT 2").param("code", code).query(Long.class).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("code"), rs.getObject("factory_id", Long.class), rs.getString("factory"),
                rs.getObject("furthest_phase", Integer.class), rs.getString("furthest_site"),
                rs.getObject("created_date", OffsetDateTime.class));
    }
}
