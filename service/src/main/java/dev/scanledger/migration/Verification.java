package dev.scanledger.migration;

import dev.scanledger.migration.CopiedTable.Column;
import dev.scanledger.migration.CopiedTable.Comparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Compares Django and Scanledger table by table: both sides stream (key, MD5 of the copied columns as
 * text) in key order, and one pass over the two streams finds every row missing, differing or extra,
 * with memory bounded whatever the table's size. Each side's checksum is the SHA-256 of its stream.
 * The first differences are named down to the column.
 */
final class Verification {

    static final int NAMED_DIFFERENCES = 5;

    private final DjangoSource source;
    private final DataSource target;

    Verification(DjangoSource source, DataSource target) {
        this.source = source;
        this.target = target;
    }

    /** How one table (or the images) compares: rows of each side, their checksums, the differences. */
    record Result(String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum,
            long missing, long differing, long extra, List<String> firstDifferences) {

        boolean identical() {
            return missing == 0 && differing == 0 && extra == 0;
        }

        long unchanged() {
            return sourceRows - missing - differing;
        }

        String describe() {
            String counts = "Django %,d, Scanledger %,d, checksum %s %s %s".formatted(sourceRows, targetRows,
                    sourceChecksum, identical() ? "=" : "≠", targetChecksum);
            if (identical()) {
                return counts + ": identical";
            }
            List<String> parts = new ArrayList<>();
            if (missing > 0) {
                parts.add("%,d missing in Scanledger".formatted(missing));
            }
            if (differing > 0) {
                parts.add("%,d differing".formatted(differing));
            }
            if (extra > 0) {
                parts.add("%,d only in Scanledger".formatted(extra));
            }
            return counts + ": " + String.join(", ", parts);
        }
    }

    private record Difference(Object key, String kind) {
    }

    /** {@code ignoredIds}: source rows left out (the ones a pre-flight skips), sorted. */
    Result compare(String table, Comparison comparison, long[] ignoredIds) throws SQLException {
        String hash = "md5(ROW(%s)::text)";
        String sourceSql = "SELECT %s AS k, %s FROM %s ORDER BY 1".formatted(comparison.sourceKey(),
                hash.formatted(expressions(comparison, true)), comparison.sourceFrom());
        String targetSql = "SELECT %s AS k, %s FROM %s WHERE %s ORDER BY 1".formatted(comparison.targetKey(),
                hash.formatted(expressions(comparison, false)), comparison.targetFrom(), comparison.targetWhere());
        MessageDigest sourceSum = sha256();
        MessageDigest targetSum = sha256();
        long sourceRows = 0;
        long targetRows = 0;
        long missing = 0;
        long differing = 0;
        long extra = 0;
        List<Difference> first = new ArrayList<>();
        try (Connection connection = targetConnection();
             PreparedStatement s = source.connection().prepareStatement(sourceSql);
             PreparedStatement t = connection.prepareStatement(targetSql)) {
            s.setFetchSize(DjangoSource.FETCH_SIZE);
            t.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet sr = s.executeQuery(); ResultSet tr = t.executeQuery()) {
                Row sourceRow = next(sr, ignoredIds);
                Row targetRow = next(tr, null);
                while (sourceRow != null || targetRow != null) {
                    int order = sourceRow == null ? 1 : targetRow == null ? -1 : compareKeys(sourceRow.key(), targetRow.key());
                    if (order < 0) {
                        sourceRows++;
                        sourceRow.addTo(sourceSum);
                        missing++;
                        note(first, new Difference(sourceRow.key(), "missing"));
                        sourceRow = next(sr, ignoredIds);
                    } else if (order > 0) {
                        if (!comparison.targetMayHaveMore()) {
                            targetRows++;
                            targetRow.addTo(targetSum);
                            extra++;
                            note(first, new Difference(targetRow.key(), "extra"));
                        }
                        targetRow = next(tr, null);
                    } else {
                        sourceRows++;
                        targetRows++;
                        sourceRow.addTo(sourceSum);
                        targetRow.addTo(targetSum);
                        if (!sourceRow.hash().equals(targetRow.hash())) {
                            differing++;
                            note(first, new Difference(sourceRow.key(), "differing"));
                        }
                        sourceRow = next(sr, ignoredIds);
                        targetRow = next(tr, null);
                    }
                }
            }
            List<String> named = new ArrayList<>();
            for (Difference difference : first) {
                named.add(name(table, comparison, difference, connection));
            }
            return new Result(table, sourceRows, targetRows, checksum(sourceSum), checksum(targetSum), missing, differing, extra, named);
        }
    }

    /** Images by size and SHA-256; an image Django's media lacks as well is not a difference of the copy. */
    Result compareImages(LabelImages images) throws SQLException, IOException {
        MessageDigest sourceSum = sha256();
        MessageDigest targetSum = sha256();
        long[] counts = new long[5]; // source, target, missing, differing, unavailable in Django
        List<String> first = new ArrayList<>();
        LabelImages.forEach(source, image -> {
            Optional<LabelImages.Fingerprint> django = images.inDjango(image);
            if (django.isEmpty()) {
                counts[4]++;
                return;
            }
            Optional<LabelImages.Fingerprint> scanledger = images.inScanledger(image);
            counts[0]++;
            sourceSum.update(line(image.path(), django.get().toString()));
            if (scanledger.isEmpty()) {
                counts[2]++;
                if (first.size() < NAMED_DIFFERENCES) {
                    first.add("image %s: only in Django (scan %d)".formatted(image.path(), image.firstScan()));
                }
                return;
            }
            counts[1]++;
            targetSum.update(line(image.path(), scanledger.get().toString()));
            if (!django.equals(scanledger)) {
                counts[3]++;
                if (first.size() < NAMED_DIFFERENCES) {
                    first.add("image %s: %,d bytes, SHA-256 %s in Django; %,d bytes, SHA-256 %s in Scanledger".formatted(image.path(),
                            django.get().size(), django.get().sha256().substring(0, 12), scanledger.get().size(),
                            scanledger.get().sha256().substring(0, 12)));
                }
            }
        });
        if (counts[4] > 0) {
            first.add("(%,d images the scans name are missing from Django's media as well; not counted)".formatted(counts[4]));
        }
        return new Result("images", counts[0], counts[1], checksum(sourceSum), checksum(targetSum), counts[2], counts[3], 0, first);
    }

    private Connection targetConnection() throws SQLException {
        Connection connection = target.getConnection();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL TIME ZONE 'UTC'");
        }
        return connection;
    }

    private static String expressions(Comparison comparison, boolean source) {
        return comparison.columns().stream().map(c -> source ? c.source() : c.target()).collect(Collectors.joining(", "));
    }

    private record Row(Object key, String hash) {
        void addTo(MessageDigest digest) {
            digest.update(line(String.valueOf(key), hash));
        }
    }

    private static Row next(ResultSet rs, long[] ignoredIds) throws SQLException {
        while (rs.next()) {
            Object key = rs.getObject(1);
            if (ignoredIds != null && key instanceof Long id && Arrays.binarySearch(ignoredIds, id) >= 0) {
                continue;
            }
            return new Row(key, rs.getString(2));
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static void note(List<Difference> first, Difference difference) {
        if (first.size() < NAMED_DIFFERENCES) {
            first.add(difference);
        }
    }

    /** "scans 17: label_quality is 0.55 in Django, 0.9 in Scanledger" */
    private String name(String table, Comparison comparison, Difference difference, Connection target) throws SQLException {
        String key = difference.key() instanceof String text ? "with key SHA-256 " + text.substring(0, Math.min(12, text.length())) : String.valueOf(difference.key());
        return switch (difference.kind()) {
            case "missing" -> "%s %s: only in Django".formatted(table, key);
            case "extra" -> "%s %s: only in Scanledger".formatted(table, key);
            default -> {
                List<String> django = values(source.connection(), comparison, true, difference.key());
                List<String> scanledger = values(target, comparison, false, difference.key());
                if (django.isEmpty() || scanledger.isEmpty()) {
                    yield "%s %s: differs".formatted(table, key);
                }
                List<String> columns = new ArrayList<>();
                for (int i = 0; i < comparison.columns().size(); i++) {
                    if (!Objects.equals(django.get(i), scanledger.get(i))) {
                        columns.add("%s is %s in Django, %s in Scanledger".formatted(comparison.columns().get(i).name(),
                                shown(django.get(i)), shown(scanledger.get(i))));
                    }
                }
                yield "%s %s: %s".formatted(table, key, String.join("; ", columns));
            }
        };
    }

    private static List<String> values(Connection connection, Comparison comparison, boolean source, Object key) throws SQLException {
        List<Column> columns = comparison.columns();
        String select = columns.stream().map(c -> "(" + (source ? c.source() : c.target()) + ")::text").collect(Collectors.joining(", "));
        String sql = source
                ? "SELECT %s FROM %s WHERE %s = ?".formatted(select, comparison.sourceFrom(), comparison.sourceKey())
                : "SELECT %s FROM %s WHERE %s AND %s = ?".formatted(select, comparison.targetFrom(), comparison.targetWhere(), comparison.targetKey());
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        values.add(rs.getString(i));
                    }
                }
                return values;
            }
        }
    }

    private static String shown(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private static byte[] line(String key, String value) {
        return (key + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String checksum(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }
}
