package dev.scanledger.console;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.web.FieldErrors;
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

    record Site(long id, String kind, String name, long labels) {
        public String key() {
            return kind + ":" + id;
        }
    }

    List<Site> list() {
        return jdbc.sql("""
                SELECT s.id, s.kind, s.name,
                       (SELECT count(*) FROM labels l WHERE l.factory_id = s.id AND s.kind = 'factory') AS labels
                  FROM sites s ORDER BY s.kind, s.name
                """)
                .query((rs, n) -> new Site(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getLong("labels")))
                .list();
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
