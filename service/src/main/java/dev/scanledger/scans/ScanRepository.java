package dev.scanledger.scans;

import dev.scanledger.web.DrfDateTimes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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

    ScanRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the scan unless its (label, phase) is taken: empty means duplicate. ON CONFLICT waits for
     * a concurrent insert of the same pair to commit or roll back, so exactly one of any number of
     * simultaneous requests gets the row.
     */
    Optional<ScanView> insert(long userId, NewScan scan, String imagePath) {
        return written(jdbc.sql("""
                WITH s AS (
                    INSERT INTO scans (user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate)
                    VALUES (:user, :label, :phase, :distribution, :store, :image, CAST(:coordinate AS jsonb))
                    ON CONFLICT ON CONSTRAINT scans_label_phase_key DO NOTHING
                    RETURNING *)
                SELECT %s FROM s JOIN users u ON u.id = s.user_id
                """.formatted(COLUMNS)), userId, scan, imagePath)
                .query(ScanRepository::view)
                .optional();
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
        return written(jdbc.sql("""
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
                """.formatted(distribution, store, image, coordinate, COLUMNS)), userId, scan, imagePath)
                .param("setDistribution", sent.distribution())
                .param("setStore", sent.store())
                .param("setImage", sent.image())
                .param("setCoordinate", sent.coordinate())
                .query((rs, n) -> new Upserted(view(rs, n), rs.getBoolean("created")))
                .optional();
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
    private static JdbcClient.StatementSpec written(JdbcClient.StatementSpec insert, long userId, NewScan scan, String imagePath) {
        return insert
                .param("user", userId)
                .param("label", scan.label())
                .param("phase", scan.phase())
                .param("distribution", scan.distribution(), Types.BIGINT)
                .param("store", scan.store(), Types.BIGINT)
                .param("image", imagePath, Types.VARCHAR)
                .param("coordinate", scan.coordinateJson(), Types.VARCHAR);
    }

    private JdbcClient.StatementSpec views(String condition) {
        return jdbc.sql("SELECT %s FROM scans s JOIN users u ON u.id = s.user_id WHERE %s".formatted(COLUMNS, condition));
    }

    long countOwn(long userId, ScanFilter filter) {
        return jdbc.sql("""
                SELECT count(*) FROM scans s
                WHERE s.user_id = :user
                  AND (CAST(:label AS bigint) IS NULL OR s.label_id = :label)
                  AND (CAST(:phase AS smallint) IS NULL OR s.phase = :phase)
                """)
                .param("user", userId)
                .param("label", filter.label(), Types.BIGINT)
                .param("phase", filter.phase(), Types.SMALLINT)
                .query(Long.class)
                .single();
    }

    /** The caller's scans in the requested order. */
    List<ScanView> listOwn(long userId, ScanFilter filter, ScanOrdering ordering, long offset, int limit) {
        return jdbc.sql("""
                SELECT %s FROM scans s JOIN users u ON u.id = s.user_id
                WHERE s.user_id = :user
                  AND (CAST(:label AS bigint) IS NULL OR s.label_id = :label)
                  AND (CAST(:phase AS smallint) IS NULL OR s.phase = :phase)
                ORDER BY %s
                OFFSET :offset LIMIT :limit
                """.formatted(COLUMNS, ordering.orderBy()))
                .param("user", userId)
                .param("label", filter.label(), Types.BIGINT)
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
