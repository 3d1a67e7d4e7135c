package dev.scanledger.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Real images of each accepted format (4x3 pixels, made with Pillow; see test resources images/), as a phone would
 * upload them.
 */
public final class Images {

    private Images() {
    }

    public static Api.FilePart jpeg() {
        return sample("rgb.jpg", "image/jpeg");
    }

    public static Api.FilePart png() {
        return sample("rgb.png", "image/png");
    }

    public static Api.FilePart webp() {
        return sample("lossy.webp", "image/webp");
    }

    public static Api.FilePart gif() {
        return sample("rgb.gif", "image/gif");
    }

    public static Api.FilePart bmp() {
        return sample("rgb.bmp", "image/bmp");
    }

    public static Api.FilePart tiff() {
        return sample("rgb.tif", "image/tiff");
    }

    public static Api.FilePart notAnImage() {
        return new Api.FilePart("label.jpg", "image/jpeg", "#!/bin/sh\necho not an image\n".getBytes());
    }

    /** A sample from test resources images/, uploaded under its own file name. */
    public static Api.FilePart sample(String file, String contentType) {
        return new Api.FilePart(file, contentType, bytes(file));
    }

    public static byte[] bytes(String file) {
        try (InputStream in = Images.class.getResourceAsStream("/images/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test image " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
