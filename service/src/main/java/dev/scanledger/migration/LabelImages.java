package dev.scanledger.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The label images the scans name, as paths relative to a media directory (Django's MEDIA_ROOT and
 * Scanledger's scanledger.media.dir): copied under the same relative path, so /media/&lt;path&gt; keeps
 * resolving, and compared by size and SHA-256.
 */
final class LabelImages {

    private final Optional<Path> djangoMedia;
    private final Path scanledgerMedia;

    LabelImages(Optional<Path> djangoMedia, Path scanledgerMedia) {
        this.djangoMedia = djangoMedia.map(Path::toAbsolutePath);
        this.scanledgerMedia = scanledgerMedia.toAbsolutePath();
    }

    /** One image path, with the first scan naming it and how many do. */
    record Image(String path, long firstScan, long scans) {
    }

    @FunctionalInterface
    interface ImageVisitor {
        void visit(Image image) throws IOException;
    }

    /** Every distinct image the Django scans name, in path order, streamed. */
    static void forEach(DjangoSource source, ImageVisitor visitor) throws SQLException, IOException {
        String sql = "SELECT label_image, min(id), count(*) FROM %s WHERE label_image <> '' GROUP BY label_image ORDER BY label_image"
                .formatted(source.layout().tables().scans());
        try (PreparedStatement ps = source.connection().prepareStatement(sql)) {
            ps.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visitor.visit(new Image(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
    }

    /** Why the image cannot be copied, or empty when it can. */
    Optional<String> problem(Image image) {
        if (resolve(scanledgerMedia, image.path()).isEmpty()) {
            return Optional.of("is not a path inside the media directory");
        }
        if (djangoMedia.isEmpty()) {
            return Optional.of("is not copied: no --media directory given");
        }
        Optional<Path> file = resolve(djangoMedia.get(), image.path());
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.of("is missing from " + djangoMedia.get());
        }
        return Optional.empty();
    }

    /** A file's size and SHA-256, or empty when there is no such file. */
    record Fingerprint(long size, String sha256) {
    }

    Optional<Fingerprint> inDjango(Image image) {
        return djangoMedia.flatMap(root -> resolve(root, image.path())).flatMap(LabelImages::fingerprint);
    }

    Optional<Fingerprint> inScanledger(Image image) {
        return resolve(scanledgerMedia, image.path()).flatMap(LabelImages::fingerprint);
    }

    enum Copied { INSERTED, UPDATED, UNCHANGED }

    /**
     * Copies the image unless Scanledger has the same bytes. Written to a temporary file beside the target
     * and moved into place, so a reader never sees half an image.
     */
    Copied copy(Image image) throws IOException {
        Path from = resolve(djangoMedia.orElseThrow(), image.path()).orElseThrow();
        Path to = resolve(scanledgerMedia, image.path()).orElseThrow();
        Optional<Fingerprint> existing = fingerprint(to);
        if (existing.isPresent() && existing.equals(fingerprint(from))) {
            return Copied.UNCHANGED;
        }
        Files.createDirectories(to.getParent());
        Path partial = Files.createTempFile(to.getParent(), ".copying-", ".tmp");
        try {
            Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return existing.isPresent() ? Copied.UPDATED : Copied.INSERTED;
    }

    /** The file for a relative path under root; empty for an absolute path or one that leaves root. */
    private static Optional<Path> resolve(Path root, String relative) {
        if (relative.isEmpty() || relative.indexOf('\0') >= 0 || relative.startsWith("/") || relative.contains("\\")) {
            return Optional.empty();
        }
        try {
            Path resolved = root.resolve(relative).normalize();
            return resolved.startsWith(root) && !resolved.equals(root) ? Optional.of(resolved) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Fingerprint> fingerprint(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return Optional.of(new Fingerprint(size, HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
