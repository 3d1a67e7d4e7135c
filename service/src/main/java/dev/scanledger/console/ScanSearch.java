package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The console's reading of scans: search with keyset pagination on (created_date, id), so page 5,000
 * of a million rows costs what page 1 does. The WHERE clause holds only the conditions given (from
 * fixed fragments; every value is bound), so each search gets the plan of its own indexes:
 * scans_created_idx for time, scans_user_newest_idx for a driver, the (label, phase) key for a code.
 */
@Component
class ScanSearch {

    static final int PAGE = 50;

    private static final String ROW = """
            SELECT s.id, s.phase, s.created_date, s.label_id, l.code, u.username,
                   CASE s.phase WHEN 1 THEN f.name WHEN 2 THEN d.name WHEN 3 THEN st.name ELSE coalesce(st.name, d.name) END AS site,
                   s.label_image IS NOT NULL AS has_image
              FROM scans s
              JOIN labels l ON l.id = s.label_id
              JOIN users u ON u.id = s.user_id
              LEFT JOIN sites f ON f.id = l.factory_id AND f.kind = 'factory'
              LEFT JOIN sites d ON d.id = s.distribution_id AND d.kind = 'distribution'
              LEFT JOIN sites st ON st.id = s.store_id AND st.kind = 'store'
            """;

    private final JdbcClient jdbc;

    ScanSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(long id, int phase, OffsetDateTime created, long labelId, String code, String driver, String site, boolean hasImage) {
        public String cursor() {
            return created.toInstant() + "_" + id;
        }
    }

    /** {@code site} is "kind:id"; {@code after} a {@link Row#cursor()}; dates are whole days in {@code zone}. */
    record Criteria(String code, String driver, Integer phase, String site, LocalDate from, LocalDate to, boolean oldestFirst,
            String after) {
    }

    record Page(List<Row> rows, String next) {
    }

    Page search(Criteria criteria, ZoneId zone) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (criteria.code() != null) {
            conditions.add("s.label_id IN (SELECT id FROM labels WHERE code LIKE :code)");
            params.put("code", likePrefix(criteria.code()));
        }
        if (criteria.driver() != null) {
            conditions.add("s.user_id = (SELECT id FROM users WHERE username = :driver)");
            params.put("driver", criteria.driver());
        }
        if (criteria.phase() != null) {
            conditions.add("s.phase = :phase");
            params.put("phase", criteria.phase());
        }
        if (criteria.site() != null) {
            String[] site = criteria.site().split(":", 2);
            long id = Long.parseLong(site[1]);
            conditions.add(switch (site[0]) {
                case "factory" -> "s.phase = 1 AND l.factory_id = :site";
                case "distribution" -> "s.distribution_id = :site";
                case "store" -> "s.store_id = :site";
                default -> throw new IllegalArgumentException("site kind " + site[0]);
            });
            params.put("site", id);
        }
        if (criteria.from() != null) {
            conditions.add("s.created_date >= :from");
            params.put("from", criteria.from().atStartOfDay(zone).toOffsetDateTime());
        }
        if (criteria.to() != null) {
            conditions.add("s.created_date < :to");
            params.put("to", criteria.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        }
        if (criteria.after() != null) {
            String[] cursor = criteria.after().split("_", 2);
            conditions.add(criteria.oldestFirst() ? "(s.created_date, s.id) > (:afterAt, :afterId)" : "(s.created_date, s.id) < (:afterAt, :afterId)");
            params.put("afterAt", OffsetDateTime.ofInstant(Instant.parse(cursor[0]), ZoneId.of("UTC")));
            params.put("afterId", Long.parseLong(cursor[1]));
        }
        String order = criteria.oldestFirst() ? "s.created_date, s.id" : "s.created_date DESC, s.id DESC";
        String sql = ROW + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + order + " LIMIT " + (PAGE + 1);
        JdbcClient.StatementSpec query = jdbc.sql(sql);
        for (Map.Entry<String, Object> param : params.entrySet()) {
            query = query.param(param.getKey(), param.getValue());
        }
        List<Row> rows = query.query(ScanSearch::row).list();
        if (rows.size() > PAGE) {
            return new Page(rows.subList(0, PAGE), rows.get(PAGE - 1).cursor());
        }
        return new Page(rows, null);
    }

    /** The newest of the given scans, for the live feed. */
    List<Row> byIds(List<Long> ids, int limit) {
        return jdbc.sql(ROW + " WHERE s.id = ANY(:ids) ORDER BY s.id DESC LIMIT :limit")
                .param("ids", ids.toArray(Long[]::new))
                .param("limit", limit)
                .query(ScanSearch::row)
                .list();
    }

    /** Every scan of a label, in the order of its trip. */
    List<Row> journey(long labelId) {
        return jdbc.sql(ROW + " WHERE s.label_id = :label ORDER BY s.phase, s.created_date")
                .param("label", labelId)
                .query(ScanSearch::row)
                .list();
    }

    record Detail(long id, long userId, String username, String role, long labelId, String code, long factoryId, String factory,
            int phase, Long distributionId, String distribution, Long storeId, String store, String image, String coordinate,
            Double quality, OffsetDateTime created, OffsetDateTime updated) {
    }

    Optional<Detail> detail(long id) {
        return jdbc.sql("""
                SELECT s.id, s.user_id, u.username, u.role, s.label_id, l.code, l.factory_id, f.name AS factory, s.phase,
                       s.distribution_id, d.name AS distribution, s.store_id, st.name AS store, s.label_image,
                       s.label_coordinate::text AS coordinate, s.label_quality, s.created_date, s.updated_date
                  FROM scans s
                  JOIN labels l ON l.id = s.label_id
                  JOIN users u ON u.id = s.user_id
                  LEFT JOIN sites f ON f.id = l.factory_id AND f.kind = 'factory'
                  LEFT JOIN sites d ON d.id = s.distribution_id AND d.kind = 'distribution'
                  LEFT JOIN sites st ON st.id = s.store_id AND st.kind = 'store'
                 WHERE s.id = :id
                """)
                .param("id", id)
                .query((rs, n) -> new Detail(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"), rs.getString("role"),
                        rs.getLong("label_id"), rs.getString("code"), rs.getLong("factory_id"), rs.getString("factory"), rs.getInt("phase"),
                        rs.getObject("distribution_id", Long.class), rs.getString("distribution"), rs.getObject("store_id", Long.class),
                        rs.getString("store"), rs.getString("label_image"), rs.getString("coordinate"),
                        rs.getObject("label_quality", Double.class), rs.getObject("created_date", OffsetDateTime.class),
                        rs.getObject("updated_date", OffsetDateTime.class)))
                .optional();
    }

    /** A LIKE pattern matching codes that start with {@code text} (its own % and _ taken literally). */
    static String likePrefix(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getInt("phase"), rs.getObject("created_date", OffsetDateTime.class), rs.getLong("label_id"),
                rs.getString("code"), rs.getString("username"), rs.getString("site"), rs.getBoolean("has_image"));
    }
}
