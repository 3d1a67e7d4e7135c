package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rejected duplicates: who sent which label and phase when, and the scan that won. Newest first, keyset on id. */
@Component
class DuplicateSearch {

    static final int PAGE = 50;

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

    record Page(List<Row> rows, Long next) {
    }

    Page search(String driver, String code, Long beforeId) {
        List<String> conditions = new ArrayList<>();
        if (driver != null) {
            conditions.add("r.user_id = (SELECT id FROM users WHERE username = :driver)");
        }
        if (code != null) {
            conditions.add("r.label_id IN (SELECT id FROM labels WHERE code LIKE :code)");
        }
        if (beforeId != null) {
            conditions.add("r.id < :before");
        }
        JdbcClient.StatementSpec query = jdbc.sql(ROW + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY r.id DESC LIMIT " + (PAGE + 1));
        if (driver != null) {
            query = query.param("driver", driver);
        }
        if (code != null) {
            query = query.param("code", ScanSearch.likePrefix(code));
        }
        if (beforeId != null) {
            query = query.param("before", beforeId);
        }
        List<Row> rows = query.query(DuplicateSearch::row).list();
        return rows.size() > PAGE ? new Page(rows.subList(0, PAGE), rows.get(PAGE - 1).id()) : new Page(rows, null);
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
