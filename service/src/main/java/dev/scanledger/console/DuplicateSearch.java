package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rejected duplicates: who sent which label and phase when, and the scan that won. Newest first, keyset on id. */
@Component
class DuplicateSearch {

    private static final String ROW = """
            SELECT r.id, r.rejected_at, r.phase, r.endpoint, r.label_id, l.code, u.username,
                   r.winner_scan_id, w.created_date AS winner_created, wu.username AS winner_driver
              FROM rejected_duplicates r
              JOIN labels l ON l.id = r.label_id
              JOIN users u ON u.id = r.user_id
              LEFT JOIN scans w ON w.id = r.winner_scan_id
              LEFT JOIN users wu ON wu.id = w.user_id
            """;

    private final JdbcClient jdbc;

    DuplicateSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(long id, OffsetDateTime at, int phase, String endpoint, long labelId, String code, String driver,
            Long winnerScanId, OffsetDateTime winnerCreated, String winnerDriver) {
    }

    /**
     * Newest first, a page at a time before the refusal {@code beforeId}: of one driver (exact username), of labels
     * with codes starting with {@code code}. A code starts from its labels, as {@link ScanSearch#search} does.
     */
    KeysetPage<Row> search(String driver, String code, Long beforeId) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (driver != null) {
            conditions.add("r.user_id = (SELECT id FROM users WHERE username = :driver)");
            params.put("driver", driver);
        }
        if (code != null) {
            Prefix prefix = Prefix.of(code);
            prefix.bind(params, "code");
            String labels = "SELECT l.id FROM labels l WHERE " + prefix.condition("l.code", "code");
            if (jdbc.sql("SELECT count(*) FROM (" + labels + " LIMIT " + (ScanSearch.LABELS_SEARCHED + 1) + ") capped")
                    .params(params).query(Long.class).single() > ScanSearch.LABELS_SEARCHED) {
                return KeysetPage.refused("More than " + ScanSearch.LABELS_SEARCHED + " labels have a code starting with \"" + code
                        + "\": type more of the code.");
            }
            conditions.add("r.label_id IN (" + labels + ")");
        }
        if (beforeId != null) {
            conditions.add("r.id < :before");
            params.put("before", beforeId);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = code == null
                ? ROW + where + " ORDER BY r.id DESC LIMIT " + KeysetPage.FETCH
                // MATERIALIZED keeps the planner from walking the log by id instead
                : "WITH matching AS MATERIALIZED (SELECT r.id FROM rejected_duplicates r" + where + ") " + ROW
                        + " JOIN (SELECT id FROM matching ORDER BY id DESC LIMIT " + KeysetPage.FETCH + ") page ON page.id = r.id ORDER BY r.id DESC";
        return KeysetPage.of(jdbc.sql(sql).params(params).query(DuplicateSearch::row).list(), row -> String.valueOf(row.id()));
    }

    List<Row> byIds(List<Long> ids, int limit) {
        return jdbc.sql(ROW + " WHERE r.id = ANY(:ids) ORDER BY r.id DESC LIMIT :limit")
                .param("ids", ids.toArray(Long[]::new))
                .param("limit", limit)
                .query(DuplicateSearch::row)
                .list();
    }

    /** The refusals a scan won. */
    List<Row> lostTo(long scanId) {
        return jdbc.sql(ROW + " WHERE r.winner_scan_id = :scan ORDER BY r.id DESC LIMIT 100")
                .param("scan", scanId)
                .query(DuplicateSearch::row)
                .list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getObject("rejected_at", OffsetDateTime.class), rs.getInt("phase"), rs.getString("endpoint"),
                rs.getLong("label_id"), rs.getString("code"), rs.getString("username"), rs.getObject("winner_scan_id", Long.class),
                rs.getObject("winner_created", OffsetDateTime.class), rs.getString("winner_driver"));
    }
}
