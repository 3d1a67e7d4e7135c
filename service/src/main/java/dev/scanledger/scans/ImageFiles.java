package dev.scanledger.scans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The label photo files under the media directory, and the one question that decides their fate. */
@Component
class ImageFiles {

    private static final Logger log = LoggerFactory.getLogger(ImageFiles.class);

    private final Path mediaRoot;
    private final DataSource dataSource;

    ImageFiles(@Value("${scanledger.media.dir}") String mediaDir, DataSource dataSource) {
        this.mediaRoot = Path.of(mediaDir).toAbsolutePath();
        this.dataSource = dataSource;
    }

    Path mediaRoot() {
        return mediaRoot;
    }

    /**
     * Writes the image under a new random name and forces it, and the directory entries leading to it,
     * to disk before returning its path relative to the media root (as the scan stores it).
     */
    String store(ScanImage image) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String relative = "scans/%d/%02d/%s.%s".formatted(today.getYear(), today.getMonthValue(), UUID.randomUUID(), image.extension());
        Path target = mediaRoot.resolve(relative);
        try {
            Path directory = target.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                for (Path created = directory; created != null && created.startsWith(mediaRoot) && !created.equals(mediaRoot);
                        created = created.getParent()) {
                    force(created.getParent());
                }
            }
            try (FileChannel file = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 InputStream in = image.file().getInputStream()) {
                in.transferTo(Channels.newOutputStream(file));
                file.force(true);
            }
            force(directory);
        } catch (IOException e) {
            discard(relative);
            throw new UncheckedIOException("cannot store label image " + target, e);
        }
        return relative;
    }

    void discard(String relative) {
        try {
            Files.deleteIfExists(mediaRoot.resolve(relative));
        } catch (IOException e) {
            log.warn("Could not remove unreferenced image {} (the sweep will retry): {}", relative, e.getMessage());
        }
    }

    /**
     * After a write whose outcome is unknown: removes the file only if the database says no scan
     * refers to it. Asked on a connection of its own, since the request's may be the broken one.
     */
    void discardUnlessReferenced(String relative) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement referenced = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM scans WHERE label_image = ?)")) {
            referenced.setString(1, relative);
            try (ResultSet rs = referenced.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    discard(relative);
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Kept image {} after an uncertain write: cannot ask the database ({}); the sweep decides later",
                    relative, e.getMessage());
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
