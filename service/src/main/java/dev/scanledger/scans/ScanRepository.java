package dev.scanledger.scans;

import dev.scanledger.db.BoundedWork;
import dev.scanledger.db.WorkKind;
import dev.scanledger.web.DrfDateTimes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The SQL of scans. Every write lets the (label, phase) constraint decide; nothing SELECTs first. */
@Component
class ScanRepository {

    private static final String COLUMNS = """
            s.id, s.user_id, u.username, u.first_name, u.last_name, s.label_id, s.phase, s.distribution_id, s.store_id, s.label_image,
            s.label_coordinate::text AS label_coordinate, s.label_quality, s.created_date, s.updated_date
            """;

    private final JdbcClient jdbc;
    private final BoundedWork work;
    private final ScanCounts counts;

    ScanRepository(JdbcClient jdbc, BoundedWork work, ScanCounts counts) {
        this.jdbc = jdbc;
        this.work = work;
        this.counts = counts;
    }

    /**
     * What a create's one statement found: the scan it wrote, or, when the (label, phase) was taken,
     * whether the distribution centre and the store the scan names exist (true when it names none).
     */
    record Insertion(ScanView created, boolean distributionExists, boolean storeExists) {

        Optional<ScanView> scan() {
            return Optional.ofNullable(created);
        }
    }

    /**
     * Inserts the scan unless its (label, phase) is taken. ON CONFLICT waits for a concurrent insert of
     * the same pair to commit or roll back, so exactly one of any number of simultaneous requests gets
     * the row. A duplicate must still name its missing sites first (DRF validates fields before
     * uniqueness): the same statement looks them up, only when it wrote nothing, so a duplicate costs no
     * second round trip.
     */
    Insertion insert(long userId, NewScan scan, String imagePath) {
        return work.statement(WorkKind.CREATE, scan.label(), """
                WITH s AS (
                    INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate)
                    VALUES (:user, :label, :phase, :distribution, :store, :image, CAST(:coordinate AS jsonb))
                    ON CONFLICT ON CONSTRAINT scans_label_phase_key DO NOTHING
                    RETURNING *)
                SELECT %s,
                       CASE WHEN s.id IS NULL AND CAST(:distribution AS bigint) IS NOT NULL
                            THEN EXISTS (SELECT 1 FROM sites WHERE kind = 'distribution' AND id = :distribution) END AS distribution_exists,
                       CASE WHEN s.id IS NULL AND CAST(:store AS bigint) IS NOT NULL
                            THEN EXISTS (SELECT 1 FROM sites WHERE kind = 'store' AND id = :store) END AS store_exists
                FROM (VALUES (1)) AS one (n) LEFT JOIN s ON true LEFT JOIN users u ON u.id = s.user_id
                """.formatted(COLUMNS), written(userId, scan, imagePath),
                (rs, n) -> rs.getObject("id") != null
                        ? new Insertion(view(rs, n), true, true)
                        : new Insertion(null, !Boolean.FALSE.equals(rs.getObject("distribution_exists")),
                                !Boolean.FALSE.equals(rs.getObject("store_exists"))))
                .get(0);
    }

    /** Which fields a PUT sent: DRF keeps the current value of a field the request leaves out. */
    record SentFields(boolean distribution, boolean store, boolean image, boolean coordinate) {
    }

    record Upserted(ScanView scan, boolean created) {
    }

    /**
     * Creates the scan, or updates the caller's own scan of this (label, phase) in the same statement.
     * Empty when nothing was written: the scan is someone else's, or would not change.
     */
    Optional<Upserted> upsert(long userId, NewScan scan, String imagePath, SentFields sent) {
        String distribution = "CASE WHEN :setDistribution THEN excluded.distribution_id ELSE scans.distribution_id END";
        String store = "CASE WHEN :setStore THEN excluded.store_id ELSE scans.store_id END";
        String image = "CASE WHEN :setImage THEN excluded.label_image ELSE scans.label_image END";
        String coordinate = "CASE WHEN :setCoordinate THEN excluded.label_coordinate ELSE scans.label_coordinate END";
        return work.statement(WorkKind.CREATE, scan.label(), """
                WITH s AS (
                    INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate)
                    VALUES (:user, :label, :phase, :distribution, :store, :image, CAST(:coordinate AS jsonb))
                    ON CONFLICT ON CONSTRAINT scans_label_phase_key DO UPDATE
                       SET distribution_id = %1$s, store_id = %2$s, label_image = %3$s, label_coordinate = %4$s,
                           updated_date = now()
                     WHERE scans.user_id = excluded.user_id
                       AND (scans.distribution_id, scans.store_id, scans.label_image, scans.label_coordinate)
                           IS DISTINCT FROM (%1$s, %2$s, %3$s, %4$s)
                    RETURNING *, (xmax = 0) AS created)
                SELECT %5$s, s.created FROM s JOIN users u ON u.id = s.user_id
                """.formatted(distribution, store, image, coordinate, COLUMNS), written(userId, scan, imagePath)
                        .addValue("setDistribution", sent.distribution())
                        .addValue("setStore", sent.store())
                        .addValue("setImage", sent.image())
                        .addValue("setCoordinate", sent.coordinate()),
                (rs, n) -> new Upserted(view(rs, n), rs.getBoolean("created")))
                .stream().findFirst();
    }

    Optional<ScanView> findByKey(long labelId, int phase) {
        return views("s.label_id = :label AND s.phase = :phase")
                .param("label", labelId)
                .param("phase", phase)
                .query(ScanRepository::view)
                .optional();
    }

    /** Every scan of a label, whoever recorded it, in the order of the trip. */
    List<ScanView> ofLabel(long labelId) {
        return views("s.label_id = :label ORDER BY s.phase")
                .param("label", labelId)
                .query(ScanRepository::view)
                .list();
    }

    /** The scans of a label recorded by one driver, in the order of the trip. */
    List<ScanView> ofLabelBy(long labelId, long userId) {
        return views("s.label_id = :label AND s.user_id = :user ORDER BY s.phase")
                .param("label", labelId)
                .param("user", userId)
                .query(ScanRepository::view)
                .list();
    }

    Optional<ScanView> findOwn(long userId, long scanId) {
        return views("s.id = :id AND s.user_id = :user")
                .param("id", scanId)
                .param("user", userId)
                .query(ScanRepository::view)
                .optional();
    }

    /** The values of the scan being written, as both writes name them. */
    private static MapSqlParameterSource written(long userId, NewScan scan, String imagePath) {
        return new MapSqlParameterSource()
                .addValue("user", userId)
                .addValue("label", scan.label())
                .addValue("phase", scan.phase())
                .addValue("distribution", scan.distribution(), Types.BIGINT)
                .addValue("store", scan.store(), Types.BIGINT)
                .addValue("image", imagePath, Types.VARCHAR)
                .addValue("coordinate", scan.coordinateJson(), Types.VARCHAR);
    }

    private JdbcClient.StatementSpec views(String condition) {
        return jdbc.sql("SELECT %s FROM scans s JOIN users u ON u.id = s.user_id WHERE %s".formatted(COLUMNS, condition));
    }

    /**
     * The caller's scans matching the filter. A label has at most one scan per phase, so those few
     * rows are counted; all of a user's scans, or those of a phase, come from the kept counts, in a
     * time that does not grow with the user's history.
     */
    long countOwn(long userId, ScanFilter filter) {
        if (filter.label() == null) {
            return counts.of(userId, filter.phase());
        }
        return jdbc.sql("""
                SELECT count(*) FROM scans s
                WHERE s.user_id = :user AND s.label_id = :label
                  AND (CAST(:phase AS smallint) IS NULL OR s.phase = :phase)
                """)
                .param("user", userId)
                .param("label", filter.label(), Types.BIGINT)
                .param("phase", filter.phase(), Types.SMALLINT)
                .query(Long.class)
                .single();
    }

    /**
     * The caller's scans in the requested order: {@code limit} rows from {@code offset} of {@code count}.
     * The page's ids are found first (in the (user, id), (user, phase, id) or (user, created_date, id) index
     * alone for those orders, skipping the offset without reading a row), then its rows by id. A page in the later half is
     * found from the other end, in the reversed order, so {@code ?page=last} costs what the first page costs
     * however many scans the user has.
     */
    List<ScanView> listOwn(long userId, ScanFilter filter, ScanOrdering ordering, long offset, int limit, long count) {
        if (filter.label() != null) {
            return ofLabelOwn(userId, filter, ordering, offset, limit);
        }
        boolean fromTheEnd = offset > count / 2;
        // user_id (and phase) compared with a one-element array and named in the ORDER BY: as a plain equality
        // the planner drops them from the sort, and then walks the primary key in id order filtering by user
        // (its cost model takes id order for cheap), which reads every other driver's scans in between: 10 ms
        // for a page at 250,000 scans. Named, only the driver's own index range gives that order.
        String ofTheUser = "s.user_id = ANY(CAST(ARRAY[:user] AS bigint[]))";
        String inIndexOrder = "s.user_id ASC, ";
        if (filter.phase() != null) {
            ofTheUser += " AND s.phase = ANY(CAST(ARRAY[:phase] AS smallint[]))";
            inIndexOrder += "s.phase ASC, ";
        }
        inIndexOrder += ordering.orderBy();
        // Every row of the page is the caller's: their user row is read once (OFFSET 0 keeps it a one-row
        // subquery). Joined per row, it cost three buffers a row whenever the planner, expecting as many
        // drivers as the table holds, gave up memoizing the lookup: at 10 million scans, 364 buffers a page
        // instead of 216.
        JdbcClient.StatementSpec page = jdbc.sql("""
                SELECT %s FROM scans s
                CROSS JOIN (SELECT username, first_name, last_name FROM users WHERE id = :user OFFSET 0) u
                WHERE s.id IN (
                    SELECT s.id FROM scans s
                    WHERE %s
                    ORDER BY %s
                    OFFSET :offset LIMIT :limit)
                ORDER BY %s
                """.formatted(COLUMNS, ofTheUser, fromTheEnd ? reversed(inIndexOrder) : inIndexOrder, ordering.orderBy()))
                .param("user", userId)
                .param("offset", fromTheEnd ? Math.max(0, count - offset - limit) : offset)
                .param("limit", fromTheEnd ? Math.max(0, Math.min(limit, count - offset)) : limit);
        if (filter.phase() != null) {
            page = page.param("phase", filter.phase(), Types.SMALLINT);
        }
        return page.query(ScanRepository::view).list();
    }

    /** Each term of an ORDER BY list the other way round. */
    private static String reversed(String orderBy) {
        return Arrays.stream(orderBy.split(",")).map(String::strip)
                .map(term -> term.endsWith(" DESC") ? term.replace(" DESC", " ASC") : term.replace(" ASC", " DESC"))
                .collect(Collectors.joining(", "));
    }

    /** A label has at most one scan per phase: found through the (label, phase) key. */
    private List<ScanView> ofLabelOwn(long userId, ScanFilter filter, ScanOrdering ordering, long offset, int limit) {
        return views("""
                s.user_id = :user AND s.label_id = :label AND (CAST(:phase AS smallint) IS NULL OR s.phase = :phase)
                ORDER BY %s
                OFFSET :offset LIMIT :limit
                """.formatted(ordering.orderBy()))
                .param("user", userId)
                .param("label", filter.label())
                .param("phase", filter.phase(), Types.SMALLINT)
                .param("offset", offset)
                .param("limit", limit)
                .query(ScanRepository::view)
                .list();
    }

    private static ScanView view(ResultSet rs, int row) throws SQLException {
        return view(rs, new ScanView.UserRef(rs.getLong("user_id"), rs.getString("username"),
                rs.getString("first_name"), rs.getString("last_name")));
    }

    /** A scans row (as RETURNING * gives it) recorded by {@code user}. */
    static ScanView view(ResultSet rs, ScanView.UserRef user) throws SQLException {
        String image = rs.getString("label_image");
        return new ScanView(
                rs.getLong("id"),
                user,
                rs.getLong("label_id"),
                rs.getInt("phase"),
                rs.getObject("distribution_id", Long.class),
                rs.getObject("store_id", Long.class),
                image == null ? null : mediaUrl(image),
                rs.getString("label_coordinate"),
                rs.getObject("label_quality", Double.class),
                DrfDateTimes.format(rs.getObject("created_date", OffsetDateTime.class)),
                DrfDateTimes.format(rs.getObject("updated_date", OffsetDateTime.class)));
    }

    /** The absolute URL of a stored image, as DRF builds it from the current request. */
    static String mediaUrl(String relativePath) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/media/").path(relativePath).toUriString();
    }
}
