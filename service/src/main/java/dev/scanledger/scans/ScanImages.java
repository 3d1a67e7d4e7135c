package dev.scanledger.scans;

import dev.scanledger.web.FieldErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
 * Label photos, checked as the original's ImageField checked them (DRF's FileField, then Django's ImageField with
 * Pillow), in the same order and with the same messages; the size limit is Scanledger's own (DRF has none). The
 * format is recognised from the file's header, never from the client's file name or content type; an accepted
 * photo is stored under the media directory with a random name.
 */
@Component
class ScanImages {

    static final String INVALID = "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";
    /** The model field's max_length (Django's default for a FileField), which DRF's FileField enforces on the name. */
    static final int MAX_NAME_LENGTH = 100;
    /**
     * Django's validate_image_file_extension: the extensions Pillow registers (Pillow 10, as the original ran it;
     * later versions add avif), in Pillow's order, which the message lists.
     */
    static final List<String> IMAGE_EXTENSIONS = List.of("blp", "bmp", "dib", "bufr", "cur", "pcx", "dcx", "dds", "ps",
            "eps", "fit", "fits", "fli", "flc", "ftc", "ftu", "gbr", "gif", "grib", "h5", "hdf", "png", "apng", "jp2", "j2k",
            "jpc", "jpf", "jpx", "j2c", "icns", "ico", "im", "iim", "jfif", "jpe", "jpg", "jpeg", "mpg", "mpeg", "tif", "tiff",
            "mpo", "msp", "palm", "pcd", "pdf", "pxr", "pbm", "pgm", "ppm", "pnm", "pfm", "psd", "qoi", "bw", "rgb", "rgba",
            "sgi", "ras", "tga", "icb", "vda", "vst", "webp", "wmf", "emf", "xbm", "xpm");

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
            return refuse(errors, "The submitted file is empty.");
        }
        UploadedFileName name = UploadedFileName.of(file.getOriginalFilename()).orElse(new UploadedFileName(""));
        if (name.length() > MAX_NAME_LENGTH) {
            return refuse(errors, "Ensure this filename has at most %d characters (it has %d).".formatted(MAX_NAME_LENGTH, name.length()));
        }
        if (file.getSize() > maxSize.toBytes()) {
            return refuse(errors, "Ensure this file is no larger than " + maxSize.toMegabytes() + " MB.");
        }
        Optional<ImageFormat> format = ImageHeaders.identify(file::getInputStream);
        if (format.isEmpty()) {
            return refuse(errors, INVALID);
        }
        if (!IMAGE_EXTENSIONS.contains(name.extension())) {
            return refuse(errors, "File extension “%s” is not allowed. Allowed extensions are: %s."
                    .formatted(name.extension(), String.join(", ", IMAGE_EXTENSIONS)));
        }
        return new ScanImage(file, format.get());
    }

    private static ScanImage refuse(FieldErrors errors, String message) {
        errors.add("label_image", message);
        return null;
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
            try (InputStream in = image.file().getInputStream()) {
                Files.copy(in, target);
            }
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
}
