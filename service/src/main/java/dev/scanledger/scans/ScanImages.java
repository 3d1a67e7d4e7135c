package dev.scanledger.scans;

import dev.scanledger.db.DatabaseFailures;
import dev.scanledger.web.FieldErrors;
import java.util.List;
import java.util.Optional;
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
 * photo is stored under the media directory with a random name (see {@link ImageFiles}).
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

    private final ImageFiles files;
    private final DataSize maxSize;

    ScanImages(ImageFiles files, @Value("${scanledger.images.max-bytes}") DataSize maxSize) {
        this.files = files;
        this.maxSize = maxSize;
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
     * Stores the image (if any) durably before {@code write} runs with its path, so a committed scan
     * never points at a file a crash could lose. The file is removed again only when its row is known
     * not to exist: {@code write} returned empty, the server refused the statement, or the caller's
     * transaction rolled back. When the outcome is unknown (the connection broke during the commit),
     * the database is asked; if it cannot answer, the file stays for {@link ImageSweep}.
     */
    <T> Optional<T> storeFor(ScanImage image, Function<String, Optional<T>> write) {
        if (image == null) {
            return write.apply(null);
        }
        String path = files.store(image);
        Optional<T> written;
        try {
            written = write.apply(path);
        } catch (RuntimeException e) {
            if (DatabaseFailures.serverRefusedStatement(e)) {
                files.discard(path);
            } else {
                files.discardUnlessReferenced(path);
            }
            throw e;
        }
        if (written.isEmpty()) {
            files.discard(path);
        } else {
            discardUnlessCommitted(path);
        }
        return written;
    }

    /** Inside a caller's transaction the row exists only once that transaction commits. */
    private void discardUnlessCommitted(String path) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) {
                    files.discard(path);
                } else if (status == STATUS_UNKNOWN) {
                    files.discardUnlessReferenced(path);
                }
            }
        });
    }
}
