package dev.scanledger.migration;

import dev.scanledger.accounts.Role;
import dev.scanledger.migration.CopiedTable.Column;
import dev.scanledger.migration.CopiedTable.Comparison;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Django tables and their Scanledger counterparts, in the order they are copied (every table after
 * the ones it refers to). Values are mapped on the way: Django's empty label_image becomes NULL (its
 * serializer shows both as null), its three site tables become the kinds of one sites table, and its
 * users' roles become Scanledger roles.
 */
final class CopiedTables {

    /** Per chunk of scans: the labels they take further, each with its furthest written scan. */
    static final String LABELS_ADVANCING = "django_labels_advancing";

    private CopiedTables() {
    }

    /**
     * {@code furthestFromSource}: a new label is written with the furthest phase of its Django scans (as the
     * scans written next would leave it), so the copy need not lock and update every label a second time;
     * only when no scan is skipped, since a skipped scan must not count.
     */
    static List<CopiedTable> all(DjangoSource.SourceLayout layout, Map<String, Role> roleMap, boolean furthestFromSource) {
        DjangoTables tables = layout.tables();
        return List.of(
                users(layout, roleMap),
                site("factories", tables.factories(), "factory", null),
                site("distributions", tables.distributions(), "distribution", "factory_id"),
                site("stores", tables.stores(), "store", "distribution_id"),
                labels(tables.labels(), furthestFromSource ? tables.scans() : null),
                scans(tables.scans()));
    }

    /**
     * Superusers are admins; other users get the role their Django role maps to, or none. The map is
     * written into the SQL as a VALUES list (its strings quoted), so both sides of --verify use the same.
     */
    static String mappedRole(String alias, boolean hasRole, Map<String, Role> roleMap) {
        String values = roleMap.entrySet().stream()
                .map(e -> "(" + literal(e.getKey()) + ", " + literal(e.getValue().dbValue()) + ")")
                .collect(Collectors.joining(", "));
        String mapped = hasRole
                ? "(SELECT m.role FROM (VALUES %s) AS m(django_role, role) WHERE m.django_role = %s.role)".formatted(values, alias)
                : "NULL";
        return "CASE WHEN %s.is_superuser THEN 'admin' ELSE coalesce(%s, 'none') END".formatted(alias, mapped);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static CopiedTable users(DjangoSource.SourceLayout layout, Map<String, Role> roleMap) {
        String role = layout.usersHaveRole() ? "role" : "''::text AS role";
        return new CopiedTable("users", layout.users(),
                "id, username, password, first_name, last_name, email, is_active, is_superuser, " + role + ", date_joined",
                "django_users",
                "id bigint, username text, password text, first_name text, last_name text, email text, is_active boolean,"
                        + " is_superuser boolean, role text, date_joined timestamptz",
                // A re-encoded password (see Users.authenticate) is kept unless Django's hash changed since the last copy.
                """
                WITH source AS (
                    SELECT s.id, s.username, s.password, sha256(convert_to(s.password, 'UTF8')) AS digest, %s AS role,
                           s.is_active, s.date_joined, s.first_name, s.last_name, s.email
                      FROM django_users s WHERE s.id <> ALL(?)),
                written AS (
                    INSERT INTO users AS t (id, username, password_hash, imported_password_digest, role, active, date_joined,
                                            first_name, last_name, email)
                    OVERRIDING SYSTEM VALUE
                    SELECT id, username, password, digest, role, is_active, date_joined, first_name, last_name, email
                      FROM source ORDER BY id
                    ON CONFLICT (id) DO UPDATE SET
                        username = excluded.username,
                        password_hash = CASE WHEN t.imported_password_digest IS DISTINCT FROM excluded.imported_password_digest
                                             THEN excluded.password_hash ELSE t.password_hash END,
                        imported_password_digest = excluded.imported_password_digest,
                        role = excluded.role, active = excluded.active, date_joined = excluded.date_joined,
                        first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email
                    WHERE (t.username, t.imported_password_digest, t.role, t.active, t.date_joined, t.first_name, t.last_name, t.email)
                          IS DISTINCT FROM (excluded.username, excluded.imported_password_digest, excluded.role, excluded.active,
                                            excluded.date_joined, excluded.first_name, excluded.last_name, excluded.email)
                    RETURNING (t.xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                  FROM written
                """.formatted(mappedRole("s", true, roleMap)),
                "users", false, false,
                new Comparison(layout.users() + " s", "s.id", "users t", "TRUE", "t.id", List.of(
                        new Column("username", "s.username", "t.username"),
                        new Column("first_name", "s.first_name", "t.first_name"),
                        new Column("last_name", "s.last_name", "t.last_name"),
                        new Column("email", "s.email", "t.email"),
                        new Column("active", "s.is_active::text", "t.active::text"),
                        new Column("role", mappedRole("s", layout.usersHaveRole(), roleMap), "t.role"),
                        new Column("date_joined", "s.date_joined::text", "t.date_joined::text"),
                        new Column("password (SHA-256 of the Django hash)",
                                "encode(sha256(convert_to(s.password, 'UTF8')), 'hex')", "encode(t.imported_password_digest, 'hex')")),
                        false));
    }

    /** {@code parentColumn}: the Django column naming the site's parent, null for factories. */
    private static CopiedTable site(String name, String sourceTable, String kind, String parentColumn) {
        String staging = "django_" + name;
        String parent = parentColumn == null ? "NULL::bigint" : "s." + parentColumn;
        return new CopiedTable(name, sourceTable, "s.id, s.name, " + parent, staging,
                "id bigint, name text, parent_id bigint",
                """
                WITH source AS (SELECT s.id, s.name, s.parent_id FROM %1$s s WHERE s.id <> ALL(?)),
                written AS (
                    INSERT INTO sites AS t (kind, id, name, parent_id)
                    OVERRIDING SYSTEM VALUE
                    SELECT '%2$s', id, name, parent_id FROM source ORDER BY id
                    ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id
                    WHERE (t.name, t.parent_id) IS DISTINCT FROM (excluded.name, excluded.parent_id)
                    RETURNING (t.xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                  FROM written
                """.formatted(staging, kind),
                "sites", false, false,
                new Comparison(sourceTable + " s", "s.id", "sites t", "t.kind = '" + kind + "'", "t.id", List.of(
                        new Column("name", "s.name", "t.name"),
                        new Column("parent", parent + "::text", "t.parent_id::text")),
                        false));
    }

    /**
     * {@code scansTable}: where to read a new label's furthest phase and site from (null: leave them to the
     * scans). An existing label's are never touched here: Scanledger may have scans of it Django lacks.
     */
    private static CopiedTable labels(String sourceTable, String scansTable) {
        String furthest = scansTable == null ? "NULL::smallint, NULL::bigint" : """
                (SELECT max(x.phase) FROM %1$s x WHERE x.label_id = s.id AND x.phase > 0),
                (SELECT CASE x.phase WHEN 1 THEN s.factory_id WHEN 2 THEN x.distribution_id ELSE x.store_id END
                   FROM %1$s x WHERE x.label_id = s.id AND x.phase > 0 ORDER BY x.phase DESC LIMIT 1)""".formatted(scansTable);
        return new CopiedTable("labels", sourceTable, "s.id, s.code, s.factory_id, s.created_date, " + furthest, "django_labels",
                "id bigint, code text, factory_id bigint, created_date timestamptz, furthest_phase smallint, furthest_site_id bigint",
                """
                WITH source AS (SELECT s.* FROM django_labels s WHERE s.id <> ALL(?)),
                written AS (
                    INSERT INTO labels AS t (id, factory_id, code, created_date, furthest_phase, furthest_site_id, furthest_site_kind)
                    OVERRIDING SYSTEM VALUE
                    SELECT id, factory_id, code, created_date, furthest_phase, furthest_site_id,
                           CASE WHEN furthest_site_id IS NOT NULL
                                THEN CASE furthest_phase WHEN 1 THEN 'factory' WHEN 2 THEN 'distribution' ELSE 'store' END END
                      FROM source ORDER BY id
                    ON CONFLICT (id) DO UPDATE SET factory_id = excluded.factory_id, code = excluded.code,
                                                   created_date = excluded.created_date
                    WHERE (t.factory_id, t.code, t.created_date) IS DISTINCT FROM (excluded.factory_id, excluded.code, excluded.created_date)
                    RETURNING (t.xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                  FROM written
                """,
                "labels", false, true,
                new Comparison(sourceTable + " s", "s.id", "labels t", "TRUE", "t.id", List.of(
                        new Column("code", "s.code", "t.code"),
                        new Column("factory", "s.factory_id::text", "t.factory_id::text"),
                        new Column("created_date", "s.created_date::text", "t.created_date::text")),
                        false));
    }

    /**
     * Written without the per-row label trigger (scanledger.labels_advanced_by_writer): the labels the
     * written scans take further are kept in {@link #LABELS_ADVANCING} for the set-based update that
     * follows in the same transaction, which locks them in id order. The insert itself takes no lock another writer
     * waits for in turn (only KEY SHARE locks for its foreign keys), so its rows go in as staged, in id
     * order, without a sort.
     */
    private static CopiedTable scans(String sourceTable) {
        return new CopiedTable("scans", sourceTable,
                "id, user_id, label_id, phase, distribution_id, store_id, NULLIF(label_image, ''), label_coordinate, label_quality,"
                        + " created_date, updated_date",
                "django_scans",
                "id bigint, user_id bigint, label_id bigint, phase smallint, distribution_id bigint, store_id bigint,"
                        + " label_image text, label_coordinate jsonb, label_quality double precision, created_date timestamptz,"
                        + " updated_date timestamptz",
                """
                WITH source AS (SELECT * FROM django_scans s WHERE s.id <> ALL(?)),
                written AS (
                    INSERT INTO scans AS t (id, user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate,
                                            label_quality, created_date, updated_date)
                    OVERRIDING SYSTEM VALUE
                    SELECT id, user_id, label_id, phase, distribution_id, store_id, label_image, label_coordinate,
                           label_quality, created_date, updated_date
                      FROM source
                    ON CONFLICT (id) DO UPDATE SET
                        user_id = excluded.user_id, label_id = excluded.label_id, phase = excluded.phase,
                        distribution_id = excluded.distribution_id, store_id = excluded.store_id,
                        label_image = excluded.label_image, label_coordinate = excluded.label_coordinate,
                        label_quality = excluded.label_quality, created_date = excluded.created_date,
                        updated_date = excluded.updated_date
                    WHERE (t.user_id, t.label_id, t.phase, t.distribution_id, t.store_id, t.label_image, t.label_coordinate,
                           t.label_quality, t.created_date, t.updated_date)
                          IS DISTINCT FROM (excluded.user_id, excluded.label_id, excluded.phase, excluded.distribution_id,
                                            excluded.store_id, excluded.label_image, excluded.label_coordinate,
                                            excluded.label_quality, excluded.created_date, excluded.updated_date)
                    RETURNING t.user_id, t.label_id, t.phase, t.distribution_id, t.store_id, (t.xmax = 0) AS inserted),
                counted AS (
                    -- the per-driver counts (migration V9): one change per (user, phase) inserted, instead of
                    -- the row trigger's one per row; rows updated in place are counted by the update trigger
                    INSERT INTO scan_count_changes (user_id, phase, change)
                    SELECT user_id, phase, count(*) FROM written WHERE inserted GROUP BY user_id, phase),
                furthest AS (
                    SELECT DISTINCT ON (label_id) label_id, phase, distribution_id, store_id
                      FROM written WHERE phase > 0 ORDER BY label_id, phase DESC),
                advancing AS (
                    -- the labels' state as this statement found it: it only lags (a label only goes further), and
                    -- the UPDATE that follows checks again on the locked row
                    INSERT INTO %s (label_id, phase, distribution_id, store_id)
                    SELECT f.label_id, f.phase, f.distribution_id, f.store_id
                      FROM furthest f JOIN labels l ON l.id = f.label_id
                     WHERE l.furthest_phase IS NULL
                        OR l.furthest_phase < f.phase
                        OR (l.furthest_phase = f.phase
                            AND l.furthest_site_id IS DISTINCT FROM
                                CASE f.phase WHEN 1 THEN l.factory_id WHEN 2 THEN f.distribution_id ELSE f.store_id END))
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                  FROM written
                """.formatted(LABELS_ADVANCING),
                "scans", true, true,
                new Comparison(sourceTable + " s", "s.id", "scans t", "TRUE", "t.id", List.of(
                        new Column("user", "s.user_id::text", "t.user_id::text"),
                        new Column("label", "s.label_id::text", "t.label_id::text"),
                        new Column("phase", "s.phase::text", "t.phase::text"),
                        new Column("distribution", "s.distribution_id::text", "t.distribution_id::text"),
                        new Column("store", "s.store_id::text", "t.store_id::text"),
                        new Column("label_image", "NULLIF(s.label_image, '')", "t.label_image"),
                        new Column("label_coordinate", "s.label_coordinate::text", "t.label_coordinate::text"),
                        new Column("label_quality", "s.label_quality::text", "t.label_quality::text"),
                        new Column("created_date", "s.created_date::text", "t.created_date::text"),
                        new Column("updated_date", "s.updated_date::text", "t.updated_date::text")),
                        false));
    }

    /**
     * DRF keys are compared by their SHA-256, the only form Scanledger keeps; its own logins add keys of their own,
     * and a copied key retired here since (a logout, a revoke) is accounted for, not missing.
     */
    static Comparison tokens(String sourceTable) {
        return new Comparison(sourceTable + " s", "encode(sha256(convert_to(s.key, 'UTF8')), 'hex') COLLATE \"C\"",
                """
                (SELECT key_hash, user_id, created FROM api_tokens
                 UNION ALL SELECT key_hash, user_id, created FROM retired_imported_keys) t""", "TRUE", "encode(t.key_hash, 'hex') COLLATE \"C\"", List.of(
                        new Column("user", "s.user_id::text", "t.user_id::text"),
                        new Column("created", "s.created::text", "t.created::text")),
                true);
    }
}
