package dev.scanledger.console;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.web.FieldErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sites as the console lists, creates and renames them; (kind, name) stays unique by its constraint alone. */
@Component
class SiteAdmin {

    static final String NAME_TAKEN = "A site of this kind with this name already exists.";
    static final int MAX_NAME = 200;

    private final JdbcClient jdbc;

    SiteAdmin(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code labels} is counted up to {@link #LABELS_COUNTED}: a factory's page must not count a million labels. */
    record Site(long id, String kind, String name, long labels) {
        public String key() {
            return kind + ":" + id;
        }

        /** The list's cursor: sites are in (kind, name) order, and kinds hold no ':'. */
        String cursor() {
            return kind + ":" + name;
        }

        public String labelCount() {
            return labels >= LABELS_COUNTED ? "over " + (LABELS_COUNTED - 1) : String.valueOf(labels);
        }
    }

    static final int LABELS_COUNTED = 1_000;

    /**
     * Sites in (kind, name) order, a page at a time after {@code after} ("kind:name"): of one kind, a name
     * starting with {@code name} (any case).
     */
    KeysetPage<Site> search(SiteKind kind, String name, String after) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (kind != null) {
            conditions.add("s.kind = :kind");
            params.put("kind", kind.dbValue());
        }
        if (name != null) {
            Prefix prefix = Prefix.lowerCase(name);
            conditions.add(prefix.condition("lower(s.name)", "name"));
            prefix.bind(params, "name");
        }
        String[] cursor = after == null ? null : after.split(":", 2);
        if (cursor != null && cursor.length == 2) {
            conditions.add("(s.kind, s.name) > (:afterKind, :afterName)");
            params.put("afterKind", cursor[0]);
            params.put("afterName", cursor[1]);
        }
        return KeysetPage.of(jdbc.sql("""
                SELECT s.id, s.kind, s.name,
                       CASE WHEN s.kind = 'factory'
                            THEN (SELECT count(*) FROM (SELECT FROM labels l WHERE l.factory_id = s.id LIMIT %d) counted) END AS labels
                  FROM sites s %s ORDER BY s.kind, s.name LIMIT %d
                """.formatted(LABELS_COUNTED, conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions), KeysetPage.FETCH))
                .params(params)
                .query((rs, n) -> new Site(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getLong("labels")))
                .list(), Site::cursor);
    }

    /** The id of the site of this kind with exactly this name. */
    Optional<Long> named(SiteKind kind, String name) {
        return jdbc.sql("SELECT id FROM sites WHERE kind = :kind AND name = :name")
                .param("kind", kind.dbValue()).param("name", name).query(Long.class).optional();
    }

    /** The site's name, if there is a site of this kind with this id. */
    Optional<String> nameOf(SiteKind kind, long id) {
        return jdbc.sql("SELECT name FROM sites WHERE kind = :kind AND id = :id")
                .param("kind", kind.dbValue()).param("id", id).query(String.class).optional();
    }

    /** The sites of any kind with exactly this name (one per kind at most). */
    List<ScanSearch.Site> withName(String name) {
        return jdbc.sql("SELECT kind, id FROM sites WHERE lower(name) = lower(:name) AND name = :name ORDER BY kind")
                .param("name", name)
                .query((rs, n) -> new ScanSearch.Site(SiteKind.fromDb(rs.getString("kind")), rs.getLong("id")))
                .list();
    }

    /**
     * Up to {@code limit} distinct names of sites of this kind (of any kind when null) starting with {@code text}
     * (any case), for a form's suggestions.
     */
    List<String> namesStartingWith(SiteKind kind, String text, int limit) {
        Prefix prefix = Prefix.lowerCase(text);
        Map<String, Object> params = new LinkedHashMap<>();
        prefix.bind(params, "name");
        String ofKind = "";
        if (kind != null) {
            ofKind = "kind = :kind AND ";
            params.put("kind", kind.dbValue());
        }
        return jdbc.sql("SELECT DISTINCT name FROM sites WHERE " + ofKind + prefix.condition("lower(name)", "name")
                        + " ORDER BY name LIMIT " + limit)
                .params(params).query(String.class).list();
    }

    /** "No store is named "X"." */
    static String noSuchSite(SiteKind kind, String name) {
        return "No " + describe(kind) + " is named \"" + name + "\".";
    }

    static String describe(SiteKind kind) {
        return switch (kind) {
            case FACTORY -> "factory";
            case DISTRIBUTION -> "distribution centre";
            case STORE -> "store";
        };
    }

    static String checkedName(String name) {
        String text = name == null ? "" : name.strip();
        if (text.isEmpty()) {
            throw FieldErrors.single("name", "This field may not be blank.");
        }
        if (text.length() > MAX_NAME) {
            throw FieldErrors.single("name", "Ensure this field has no more than " + MAX_NAME + " characters.");
        }
        if (text.indexOf('\0') >= 0) {
            throw FieldErrors.single("name", FieldErrors.NULL_CHARACTERS);
        }
        return text;
    }

    /** The new site's id; a taken (kind, name) is refused by the constraint, not by a look first. */
    long create(SiteKind kind, String name) {
        return jdbc.sql("""
                INSERT INTO sites (kind, name) VALUES (:kind, :name)
                ON CONFLICT ON CONSTRAINT sites_kind_name_key DO NOTHING RETURNING id
                """)
                .param("kind", kind.dbValue())
                .param("name", checkedName(name))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> FieldErrors.single("name", NAME_TAKEN));
    }

    record Renamed(Map<String, Object> before, Map<String, Object> after) {
    }

    /**
     * Renames under the row's lock, returning the name it had; empty when there is no such site. A site is
     * its kind and id: each kind has its own ids (distribution 1 and store 1 may both exist).
     */
    Optional<Renamed> rename(SiteKind kind, long id, String name) {
        String newName = checkedName(name);
        try {
            return renameTo(kind, id, newName);
        } catch (DuplicateKeyException e) {
            throw FieldErrors.single("name", NAME_TAKEN);
        }
    }

    private Optional<Renamed> renameTo(SiteKind kind, long id, String newName) {
        return jdbc.sql("""
                UPDATE sites s SET name = :name
                  FROM (SELECT kind, id, name FROM sites WHERE kind = :kind AND id = :id FOR UPDATE) old
                 WHERE s.kind = old.kind AND s.id = old.id
                RETURNING s.kind, old.name AS old_name, s.name
                """)
                .param("kind", kind.dbValue())
                .param("id", id)
                .param("name", newName)
                .query((rs, n) -> {
                    Map<String, Object> before = new LinkedHashMap<>();
                    before.put("kind", rs.getString("kind"));
                    before.put("name", rs.getString("old_name"));
                    Map<String, Object> after = new LinkedHashMap<>(before);
                    after.put("name", rs.getString("name"));
                    return new Renamed(before, after);
                })
                .optional();
    }
}
