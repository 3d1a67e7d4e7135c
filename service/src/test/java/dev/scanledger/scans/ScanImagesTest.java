package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scanledger.support.Images;
import dev.scanledger.web.FieldErrors;
import java.nio.file.Files;
import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.util.unit.DataSize;

/** The checks of an uploaded photo in DRF's order, the size limit, and where accepted images are stored. */
class ScanImagesTest {

    @TempDir
    Path media;

    private ScanImages images(long maxBytes) {
        return new ScanImages(new ImageFiles(media.toString(), null), DataSize.ofBytes(maxBytes));
    }

    private static MockMultipartFile upload(byte[] bytes) {
        return upload("label.jpg", bytes);
    }

    private static MockMultipartFile upload(String filename, byte[] bytes) {
        return new MockMultipartFile("label_image", filename, "text/plain", bytes);
    }

    private ScanImage accepted(byte[] bytes) {
        FieldErrors errors = new FieldErrors();
        ScanImage image = images(1024).check(upload(bytes), errors);
        assertThat(errors.isEmpty()).as("errors %s", errors.asMap()).isTrue();
        return image;
    }

    private Map<String, List<String>> refused(ScanImages images, byte[] bytes) {
        FieldErrors errors = new FieldErrors();
        assertThat(images.check(upload(bytes), errors)).isNull();
        return errors.asMap();
    }

    @Test
    void theFormatIsRecognisedFromTheBytesWhateverTheClaimedNameOrType() {
        assertThat(accepted(Images.jpeg().bytes()).extension()).isEqualTo("jpg");
        assertThat(accepted(Images.png().bytes()).extension()).isEqualTo("png");
        assertThat(accepted(Images.webp().bytes()).extension()).isEqualTo("webp");
        assertThat(accepted(Images.gif().bytes()).extension()).isEqualTo("gif");
        assertThat(accepted(Images.bmp().bytes()).extension()).isEqualTo("bmp");
        assertThat(accepted(Images.tiff().bytes()).extension()).isEqualTo("tif");
    }

    private Map<String, List<String>> refused(String filename, byte[] bytes) {
        FieldErrors errors = new FieldErrors();
        assertThat(images(1024).check(upload(filename, bytes), errors)).isNull();
        return errors.asMap();
    }

    @Test
    void aFileNameOfMoreThanOneHundredCharactersIsRefusedWithItsLength() {
        String name = "x".repeat(97) + ".jpg";

        assertThat(refused(name, Images.jpeg().bytes()))
                .containsExactly(Map.entry("label_image", List.of("Ensure this filename has at most 100 characters (it has 101).")));
        assertThat(images(1024).check(upload("x".repeat(96) + ".jpg", Images.jpeg().bytes()), new FieldErrors())).isNotNull();
    }

    @Test
    void theNameIsCountedAsDjangoKeepsIt() {
        // the path is dropped, entities are unescaped, characters are code points, and the kept name has at most 255
        assertThat(images(1024).check(upload("C:\\photos\\" + "x".repeat(300) + "/" + "é".repeat(96) + ".jpg", Images.jpeg().bytes()),
                new FieldErrors())).isNotNull();
        assertThat(refused("&amp;".repeat(97) + ".jpg", Images.jpeg().bytes()).get("label_image").get(0)).endsWith("(it has 101).");
        assertThat(refused("😀".repeat(300) + ".jpg", Images.jpeg().bytes()).get("label_image").get(0)).endsWith("(it has 255).");
    }

    @Test
    void aValidImageWithAnExtensionPillowDoesNotKnowIsRefusedAsDjangoDoes() {
        assertThat(refused("label.txt", Images.png().bytes()).get("label_image")).singleElement().asString()
                .startsWith("File extension “txt” is not allowed. Allowed extensions are: blp, bmp, dib,").endsWith(", xbm, xpm.");
        assertThat(refused("label", Images.png().bytes()).get("label_image").get(0)).startsWith("File extension “” is not allowed.");
        assertThat(images(1024).check(upload("LABEL.JPEG", Images.png().bytes()), new FieldErrors())).isNotNull();
    }

    @Test
    void aFileThatIsNoImageIsInvalidBeforeItsExtensionIsLookedAt() {
        assertThat(refused("label.txt", Images.notAnImage().bytes()))
                .containsExactly(Map.entry("label_image", List.of(ScanImages.INVALID)));
    }

    @Test
    void otherBytesAreNotAnImage() {
        byte[] riffButWave = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'A', 'V', 'E'};
        byte[] gifHeaderOnly = "GIF89a".getBytes();
        byte[] truncatedPng = Arrays.copyOf(Images.png().bytes(), 40);
        for (byte[] bytes : List.of(riffButWave, gifHeaderOnly, truncatedPng, Images.notAnImage().bytes(), new byte[] {(byte) 0xFF})) {
            assertThat(refused(images(1024), bytes)).containsExactly(Map.entry("label_image", List.of(ScanImages.INVALID)));
        }
    }

    @Test
    void anEmptyFileIsRefusedAsEmpty() {
        assertThat(refused(images(1024), new byte[0]))
                .containsExactly(Map.entry("label_image", List.of("The submitted file is empty.")));
    }

    @Test
    void theSizeLimitIsInclusiveAndNamedInMegabytes() {
        ScanImages limited = new ScanImages(new ImageFiles(media.toString(), null), DataSize.ofMegabytes(1));
        byte[] atLimit = Arrays.copyOf(Images.jpeg().bytes(), (int) DataSize.ofMegabytes(1).toBytes());
        byte[] overLimit = Arrays.copyOf(atLimit, atLimit.length + 1);

        FieldErrors errors = new FieldErrors();
        assertThat(limited.check(upload(atLimit), errors)).isNotNull();
        assertThat(refused(limited, overLimit))
                .containsExactly(Map.entry("label_image", List.of("Ensure this file is no larger than 1 MB.")));
    }

    @Test
    void anImageKeptByItsWriteIsStoredUnderTheMediaRootByMonthWithARandomName() throws Exception {
        ScanImages store = images(1024);
        ScanImage image = accepted(Images.png().bytes());

        String relative = store.storeFor(image, Optional::of).orElseThrow();

        assertThat(relative).matches("scans/\\d{4}/\\d{2}/[0-9a-f-]{36}\\.png");
        assertThat(Files.readAllBytes(media.resolve(relative))).isEqualTo(Images.png().bytes());
        assertThat(store.storeFor(image, Optional::of).orElseThrow()).isNotEqualTo(relative);
    }

    @Test
    void anImageWhoseWriteWroteNothingIsRemoved() {
        ScanImages store = images(1024);
        List<String> paths = new ArrayList<>();

        Optional<String> written = store.storeFor(accepted(Images.png().bytes()), path -> {
            paths.add(path);
            return Optional.empty();
        });

        assertThat(written).isEmpty();
        assertThat(media.resolve(paths.get(0))).doesNotExist();
    }

    @Test
    void anImageWhoseStatementTheServerRefusedIsRemoved() {
        ScanImages store = images(1024);
        List<String> paths = new ArrayList<>();
        SQLException refused = new SQLException("duplicate key value violates unique constraint", "23505");

        assertThatThrownBy(() -> store.storeFor(accepted(Images.png().bytes()), path -> {
            paths.add(path);
            throw new DataIntegrityViolationException("insert failed", refused);
        })).hasMessage("insert failed");

        assertThat(media.resolve(paths.get(0))).doesNotExist();
    }

    @Test
    void anImageWhoseWriteHasAnUnknownOutcomeStaysWhenTheDatabaseCannotBeAsked() {
        ScanImages store = images(1024);
        List<String> paths = new ArrayList<>();
        SQLException broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");

        assertThatThrownBy(() -> store.storeFor(accepted(Images.png().bytes()), path -> {
            paths.add(path);
            throw new DataAccessResourceFailureException("commit failed", broken);
        })).hasMessage("commit failed");

        assertThat(media.resolve(paths.get(0))).exists();
    }
}
