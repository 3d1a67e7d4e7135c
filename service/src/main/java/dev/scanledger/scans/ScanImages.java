package dev.scanledger.scans;

import dev.scanledger.web.FieldErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * Label photos: recognised from their first bytes (never from the client's file name or content
 * type), limited in size, stored under the media directory with a random name.
 */
@Component
class ScanImages {

    static final String INVALID = "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    private final Path mediaRoot;
    private final DataSize maxSize;

    ScanImages(@Value("${scanledger.media.dir}") String mediaDir, @Value("${scanledger.images.max-bytes}") DataSize maxSize) {
        this.mediaRoot = Path.of(mediaDir).toAbsolutePath();
        this.maxSize = maxSize;
    }

    Path mediaRoot() {
        return mediaRoot;
    }

    ScanImage check(MultipartFile file, FieldErrors errors) {
        if (file.isEmpty()) {
            errors.add("label_image", "The submitted file is empty.");
            return null;
        }
        if (file.getSize() > maxSize.toBytes()) {
            errors.add("label_image", "Ensure this file is no larger than " + maxSize.toMegabytes() + " MB.");
            return null;
        }
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String extension = extensionOf(bytes);
        if (extension == null) {
            errors.add("label_image", INVALID);
            return null;
        }
        return new ScanImage(bytes, extension);
    }

    /**
     * Stores the image (if any) before {@code write} runs with its path, and removes it again unless
     * the write kept it: when {@code write} returns empty or fails, or when the caller's transaction
     * rolls back later. So a refused request never leaves a file behind.
     */
    <T> Optional<T> storeFor(ScanImage image, Function<String, Optional<T>> write) {
        if (image == null) {
            return write.apply(null);
        }
        String path = store(image);
        boolean kept = false;
        try {
            Optional<T> written = write.apply(path);
            kept = written.isPresent();
            if (kept) {
                discardIfRolledBack(path);
            }
            return written;
        } finally {
            if (!kept) {
                discard(path);
            }
        }
    }

    private void discardIfRolledBack(String path) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    discard(path);
                }
            }
        });
    }

    /** Writes the image and returns its path relative to the media root, as stored in the scan. */
    private String store(ScanImage image) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String relative = "scans/%d/%02d/%s.%s".formatted(today.getYear(), today.getMonthValue(), UUID.randomUUID(), image.extension());
        Path target = mediaRoot.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, image.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store label image " + target, e);
        }
        return relative;
    }

    private void discard(String relative) {
        try {
            Files.deleteIfExists(mediaRoot.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extensionOf(byte[] bytes) {
        if (startsWith(bytes, 0, JPEG)) {
            return "jpg";
        }
        if (startsWith(bytes, 0, PNG)) {
            return "png";
        }
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP)) {
            return "webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
