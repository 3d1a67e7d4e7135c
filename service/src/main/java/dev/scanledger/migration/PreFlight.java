package dev.scanledger.migration;

import dev.scanledger.unique.DuplicateGroup;
import dev.scanledger.unique.Unique;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Before anything is written: the Django rows Scanledger's constraints would refuse, and the images that
 * cannot be copied. Duplicates are what a source that lacked a unique constraint can hold (found with the
 * uniqueness toolkit's duplicate finder; the row with the lowest id is the one kept); references to rows
 * that do not exist are what a source without foreign keys can hold, and a row refused makes the rows
 * that refer to it refused too. A username, site name or label code that Scanledger already holds under
 * another id (a user or site created in Scanledger before the switch) would stop the copy at its chunk,
 * so it is refused here too, naming the Scanledger row that holds it.
 */
final class PreFlight {

    static final int LISTED = 100;

    /** Source rows compared with Scanledger's per query. */
    private static final int NAMES_PER_QUERY = 5_000;

    private final DjangoSource source;
    private final JdbcClient target;
    private final DjangoTables tables;
    private final String users;
    private final Report report = new Report();

    private PreFlight(DjangoSource source, JdbcClient target) {
        this.source = source;
        this.target = target;
        this.tables = source.layout().tables();
        this.users = source.layout().users();
    }

    static Report run(DjangoSource source, JdbcClient target, LabelImages images) throws SQLException, IOException {
        PreFlight check = new PreFlight(source, target);
        check.rows();
        LabelImages.forEach(source, image -> {
            check.report.imagesNamed++;
            images.problem(image).ifPresent(problem -> check.report.imageProblem("image %s %s (%s)".formatted(image.path(), problem,
                    image.scans() == 1 ? "scan " + image.firstScan() : "scan %d and %d more".formatted(image.firstScan(), image.scans() - 1))));
        });
        return check.report;
    }

    private void rows() throws SQLException {
        duplicates("users", users, List.of("username"), "user");
        taken("users", "SELECT id, NULL, username FROM " + users + " ORDER BY id",
                new Holder("users", "username", "t.username = s.name AND t.id <> s.id", "username %s is Scanledger's user %d"),
                // Every copied user carries the digest of its Django hash: one without it was created in Scanledger, and
                // Django's row of the same id is someone else (Scanledger's ids start past Django's at each run).
                new Holder("users", "username", "t.id = s.id AND t.imported_password_digest IS NULL",
                        "id %2$d is Scanledger's own user %3$s, created there, not a copy of Django's %1$s"));
        duplicates("factories", tables.factories(), List.of("name"), "factory");
        takenSiteNames("factories", tables.factories(), "factory");
        duplicates("distributions", tables.distributions(), List.of("name"), "distribution");
        takenSiteNames("distributions", tables.distributions(), "distribution");
        references("distributions", tables.distributions(), "factory_id", "factories", tables.factories(), "factory");
        duplicates("stores", tables.stores(), List.of("name"), "store");
        takenSiteNames("stores", tables.stores(), "store");
        references("stores", tables.stores(), "distribution_id", "distributions", tables.distributions(), "distribution");
        duplicates("labels", tables.labels(), List.of("factory_id", "code"), "label");
        // Two index lookups, (factory, code) and code alone without a factory: an OR of both would scan every label.
        taken("labels", "SELECT id, factory_id, code FROM " + tables.labels() + " WHERE factory_id IS NOT NULL ORDER BY id",
                new Holder("labels", "code", "t.factory_id = s.parent AND t.code = s.name AND t.id <> s.id", "code %s is Scanledger's label %d"));
        taken("labels", "SELECT id, NULL, code FROM " + tables.labels() + " WHERE factory_id IS NULL ORDER BY id",
                new Holder("labels", "code", "t.factory_id IS NULL AND t.code = s.name AND t.id <> s.id", "code %s is Scanledger's label %d"));
        references("labels", tables.labels(), "factory_id", "factories", tables.factories(), "factory");
        duplicates("scans", tables.scans(), List.of("label_id", "phase"), "scan");
        refuseEach("scans", "SELECT id, phase FROM " + tables.scans() + " WHERE phase NOT BETWEEN 0 AND 3 ORDER BY id",
                value -> "phase " + value + " is not one of 0 (unknown), 1, 2, 3");
        references("scans", tables.scans(), "user_id", "users", users, "user");
        references("scans", tables.scans(), "label_id", "labels", tables.labels(), "label");
        references("scans", tables.scans(), "distribution_id", "distributions", tables.distributions(), "distribution");
        references("scans", tables.scans(), "store_id", "stores", tables.stores(), "store");
        // A token is named by its user only: the key is a secret.
        referencesByOwner(tables.tokens());
    }

    /** Every row of a group but its first (lowest id) would break Scanledger's unique constraint. */
    private void duplicates(String name, String table, List<String> columns, String singular) throws SQLException {
        List<DuplicateGroup> groups = Unique.on(source.connection()).findDuplicates(table, columns);
        for (DuplicateGroup group : groups) {
            Object kept = group.ids().get(0);
            for (Object repeated : group.ids().subList(1, group.ids().size())) {
                report.refuse(name, ((Number) repeated).longValue(), "repeats %s %s (%s = %s)".formatted(singular, kept,
                        String.join(", ", columns), group.key().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")));
            }
        }
    }

    private void takenSiteNames(String name, String table, String kind) throws SQLException {
        taken(name, "SELECT id, NULL, name FROM " + table + " ORDER BY id",
                new Holder("sites", "name", "t.kind = '%s' AND t.name = s.name AND t.id <> s.id".formatted(kind), "name %s is Scanledger's " + kind + " %d"));
    }

    /**
     * Source rows ({@code sourceSql}: id, parent id or NULL, name) that a Scanledger row stands in the way of, found by
     * joining each batch of them ({@code s}: id, parent, name) to each holder's table as {@code t}, in one pass
     * over the source.
     */
    private void taken(String name, String sourceSql, Holder... holders) throws SQLException {
        try (PreparedStatement ps = source.connection().prepareStatement(sourceSql)) {
            ps.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                List<Long> ids = new ArrayList<>();
                List<Long> parents = new ArrayList<>();
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    parents.add(rs.getObject(2) == null ? null : rs.getLong(2));
                    names.add(rs.getString(3));
                    if (ids.size() == NAMES_PER_QUERY) {
                        refuseTaken(name, ids, parents, names, holders);
                    }
                }
                refuseTaken(name, ids, parents, names, holders);
            }
        }
    }

    /**
     * A Scanledger table, the column that names its rows, when one of them stands in the way of a source row, and
     * why: {@code reason} is formatted with the source row's name, the Scanledger row's id and its name.
     */
    private record Holder(String table, String nameColumn, String condition, String reason) {
    }

    private void refuseTaken(String name, List<Long> ids, List<Long> parents, List<String> names, Holder... holders) {
        for (Holder holder : holders) {
            if (!ids.isEmpty()) {
                refuseTaken(name, ids, parents, names, holder);
            }
        }
        ids.clear();
        parents.clear();
        names.clear();
    }

    private void refuseTaken(String name, List<Long> ids, List<Long> parents, List<String> names, Holder holder) {
        target.sql("""
                SELECT s.id, s.name, t.id AS holder, t.%s AS holder_name
                  FROM unnest(CAST(:ids AS bigint[]), CAST(:parents AS bigint[]), CAST(:names AS text[])) AS s(id, parent, name)
                  JOIN %s t ON %s
                 ORDER BY s.id
                """.formatted(holder.nameColumn(), holder.table(), holder.condition()))
                .param("ids", ids.toArray(Long[]::new))
                .param("parents", parents.toArray(Long[]::new))
                .param("names", names.toArray(String[]::new))
                .query((rs, n) -> {
                    report.refuse(name, rs.getLong("id"), holder.reason().formatted(rs.getString("name"), rs.getLong("holder"),
                            rs.getString("holder_name")));
                    return null;
                })
                .list();
    }

    /** Rows whose {@code column} names a row that does not exist in {@code parentTable}, or that is refused. */
    private void references(String name, String table, String column, String parentName, String parentTable, String singular)
            throws SQLException {
        refuseEach(name, """
                SELECT c.id, c.%2$s FROM %1$s c
                 WHERE c.%2$s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %3$s p WHERE p.id = c.%2$s)
                 ORDER BY c.id
                """.formatted(table, column, parentTable), value -> singular + " " + value + " does not exist");
        refusedParents(name, table, column, parentName, singular, "c.id");
    }

    private void referencesByOwner(String table) throws SQLException {
        refuseEach("tokens", """
                SELECT c.user_id, c.user_id FROM %1$s c
                 WHERE NOT EXISTS (SELECT 1 FROM %2$s p WHERE p.id = c.user_id) ORDER BY c.user_id
                """.formatted(table, users), value -> "the token of user " + value + ": that user does not exist");
        refusedParents("tokens", table, "user_id", "users", "user", "c.user_id");
    }

    private void refusedParents(String name, String table, String column, String parentName, String singular, String id)
            throws SQLException {
        long[] refusedParents = report.skippedIds(parentName);
        if (refusedParents.length == 0) {
            return;
        }
        try (PreparedStatement ps = source.connection().prepareStatement(
                "SELECT %3$s, c.%2$s FROM %1$s c WHERE c.%2$s = ANY(?) ORDER BY 1".formatted(table, column, id))) {
            ps.setArray(1, source.connection().createArrayOf("bigint", boxed(refusedParents)));
            ps.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    report.refuse(name, rs.getLong(1), singular + " " + rs.getLong(2) + " is refused");
                }
            }
        }
    }

    private void refuseEach(String name, String sql, Function<Object, String> reason) throws SQLException {
        try (PreparedStatement ps = source.connection().prepareStatement(sql)) {
            ps.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    report.refuse(name, rs.getLong(1), reason.apply(rs.getObject(2)));
                }
            }
        }
    }

    private static Long[] boxed(long[] ids) {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return boxed;
    }

    /** What the pre-flight found: refused rows by table (ids, and the first reasons), and image problems. */
    static final class Report {
        private final Map<String, TreeSet<Long>> refused = new LinkedHashMap<>();
        private final List<String> listed = new ArrayList<>();
        private long refusedRows;
        private final List<String> imageProblems = new ArrayList<>();
        private long images;
        private long imagesNamed;

        private void refuse(String table, long id, String reason) {
            if (refused.computeIfAbsent(table, t -> new TreeSet<>()).add(id)) {
                refusedRows++;
                if (listed.size() < LISTED) {
                    listed.add("%s %d: %s".formatted(table, id, reason));
                }
            }
        }

        private void imageProblem(String problem) {
            images++;
            if (imageProblems.size() < LISTED) {
                imageProblems.add(problem);
            }
        }

        boolean findsAnything() {
            return refusedRows > 0 || images > 0;
        }

        long refusedRows() {
            return refusedRows;
        }

        /** Distinct images the scans name. */
        long imagesNamed() {
            return imagesNamed;
        }

        /** The refused ids of a table, sorted. For tokens: the ids of their users. */
        long[] skippedIds(String table) {
            return refused.getOrDefault(table, new TreeSet<>()).stream().mapToLong(Long::longValue).toArray();
        }

        void print(PrintStream out) {
            if (!findsAnything()) {
                out.println("Pre-flight: nothing Scanledger would refuse, every image is there.");
                return;
            }
            out.println("Pre-flight: %,d rows Scanledger would refuse, %,d images that cannot be copied:".formatted(refusedRows, images));
            listed.forEach(line -> out.println("  " + line));
            if (refusedRows > listed.size()) {
                out.println("  ... and %,d more rows".formatted(refusedRows - listed.size()));
            }
            imageProblems.forEach(line -> out.println("  " + line));
            if (images > imageProblems.size()) {
                out.println("  ... and %,d more images".formatted(images - imageProblems.size()));
            }
        }
    }
}
