package dev.scanledger.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test resources the fault tests upload. */
final class Samples {

    private Samples() {
    }

    static byte[] labelJpeg() {
        try (InputStream in = Samples.class.getResourceAsStream("/images/label.jpg")) {
            if (in == null) {
                throw new IllegalStateException("no test resource images/label.jpg");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
