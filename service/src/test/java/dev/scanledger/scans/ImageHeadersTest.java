package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Images;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Image recognition agrees with Pillow, file by file: the samples (whole, cut short at several points, one byte
 * flipped) and Pillow's verdict on each under Django's check are in test resources images/pillow-verdicts.csv.
 */
class ImageHeadersTest {

    private static boolean accepted(byte[] bytes) {
        return ImageHeaders.identify(() -> new ByteArrayInputStream(bytes)).isPresent();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvFileSource(resources = "/images/pillow-verdicts.csv")
    void everySampleIsJudgedAsPillowJudgesIt(String file, String verdict) {
        assertThat(accepted(Images.bytes(file))).isEqualTo(verdict.equals("valid"));
    }

    @ParameterizedTest
    @CsvSource({"rgb.jpg, JPEG", "progressive.jpg, JPEG", "rgb.png, PNG", "rgb.gif, GIF", "rgb.bmp, BMP", "rgb.tif, TIFF",
            "lzw.tif, TIFF", "lossy.webp, WEBP", "lossless.webp, WEBP", "alpha.webp, WEBP"})
    void theFormatIsTheOneTheHeaderDeclares(String file, ImageFormat format) {
        byte[] bytes = Images.bytes(file);
        assertThat(ImageHeaders.identify(() -> new ByteArrayInputStream(bytes))).contains(format);
    }

    @ParameterizedTest
    @CsvSource({"rgb.jpg", "rgb.png", "rgb.gif", "rgb.bmp", "lossy.webp"})
    void bytesAfterTheImageAreIgnoredAsPillowIgnoresThem(String file) {
        byte[] bytes = Images.bytes(file);
        assertThat(accepted(Arrays.copyOf(bytes, bytes.length + 4096))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"RIFF\u0004\u0000\u0000\u0000WAVE", "GIF89a", "BM", "#!/bin/sh", "\u00ff"})
    void otherBytesAreNoImage(String text) {
        assertThat(accepted(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).isFalse();
    }
}
