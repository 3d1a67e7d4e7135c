package dev.scanledger.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.scanledger.sites.SiteKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The console's reading of scans: search with keyset pagination on (created_date, id), so page 5,000
 * of a million rows costs what page 1 does. The WHERE clause holds only the conditions given (from
 * fixed fragments; every value is bound), so each search gets the plan of its own index in time order:
 * scans_created_idx for time alone, scans_user_newest_idx for a driver, scans_phase_created_idx for a
 * phase, scans_distribution_created_idx and scans_store_created_idx for a site; a code or a factory
 * starts from its labels (see {@link #search}).
 */
@Component
class ScanSearch {

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

    /** The most labels a search by label starts from (their scans are then at most four times as many). */
    static final int LABELS_SEARCHED = 10_000;

    private final JdbcClient jdbc;

    ScanSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(long id, int phase, OffsetDateTime created, long labelId, String code, String driver, String site, boolean hasImage) {
        public String cursor() {
            return created.toInstant() + "_" + id;
        }
    }

    /** A site the scans were made at (for a factory: the phase 1 scans of its labels). */
    record Site(SiteKind kind, long id) {
    }

    /** {@code after} is a {@link Row#cursor()}; dates are whole days in {@code zone}. */
    record Criteria(String code, String driver, Integer phase, Site site, LocalDate from, LocalDate to, boolean oldestFirst,
            String after) {
    }

    /**
     * The page of scans the criteria ask for. Searches by label (a code, a factory) start from the labels: a
     * label's scans are found by the (label, phase) key and the few that match are sorted. Walking all scans by
     * time and keeping those of matching labels would cost as much as there are newer scans of other labels,
     * and codes are not spread evenly over time (a lot is made, then shipped). Past {@link #LABELS_SEARCHED}
     * labels a code is refused as too short; a factory is then searched by time, where its scans are many.
     */
    KeysetPage<Row> search(Criteria criteria, ZoneId zone) {
        List<String> labelConditions = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (criteria.code() != null) {
            Prefix code = Prefix.of(criteria.code());
            labelConditions.add(code.condition("l.code", "code"));
            code.bind(params, "code");
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
            switch (criteria.site().kind()) {
                case FACTORY -> {
                    conditions.add("s.phase = 1");
                    labelConditions.add("l.factory_id = :site");
                }
                case DISTRIBUTION -> conditions.add("s.distribution_id = :site");
                case STORE -> conditions.add("s.store_id = :site");
            }
            params.put("site", criteria.site().id());
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
            params.put("afterAt", OffsetDateTime.ofInstant(Instant.parse(cursor[0]), ZoneOffset.UTC));
            params.put("afterId", Long.parseLong(cursor[1]));
        }
        String order = criteria.oldestFirst() ? "created_date, id" : "created_date DESC, id DESC";
        boolean fromLabels = false;
        if (!labelConditions.isEmpty()) {
            String ofLabels = "s.label_id IN (SELECT l.id FROM labels l WHERE " + String.join(" AND ", labelConditions) + ")";
            if (labelsUpTo(labelConditions, params, LABELS_SEARCHED + 1) <= LABELS_SEARCHED) {
                fromLabels = true;
            } else if (criteria.code() != null) {
                return KeysetPage.refused("More than " + LABELS_SEARCHED + " labels have a code starting with \"" + criteria.code()
                        + "\": type more of the code.");
            }
            conditions.add(ofLabels);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        String sql = fromLabels
                // MATERIALIZED keeps the planner from walking scans by time instead (it assumes codes spread evenly)
                ? "WITH matching AS MATERIALIZED (SELECT s.id, s.created_date FROM scans s" + where + ") "
                        + ROW + " JOIN (SELECT id FROM matching ORDER BY " + order + " LIMIT " + KeysetPage.FETCH + ") page ON page.id = s.id"
                        + " ORDER BY s." + order.replace(", ", ", s.")
                : ROW + where + " ORDER BY s." + order.replace(", ", ", s.") + " LIMIT " + KeysetPage.FETCH;
        return KeysetPage.of(jdbc.sql(sql).params(params).query(ScanSearch::row).list(), Row::cursor);
    }

    /** How many labels meet the conditions, counted up to {@code cap}. */
    private long labelsUpTo(List<String> labelConditions, Map<String, Object> params, int cap) {
        Map<String, Object> used = new LinkedHashMap<>(params);
        used.keySet().retainAll(List.of("codeFrom", "codeTo", "site"));
        return jdbc.sql("SELECT count(*) FROM (SELECT FROM labels l WHERE " + String.join(" AND ", labelConditions) + " LIMIT " + cap + ") capped")
                .params(used).query(Long.class).single();
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

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getInt("phase"), rs.getObject("created_date", OffsetDateTime.class), rs.getLong("label_id"),
                rs.getString("code"), rs.getString("username"), rs.getString("site"), rs.getBoolean("has_image"));
    }
}
