package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

/**
 * {@code label_image}: a multipart file recognised from its bytes, stored under the media directory and
 * served back at the absolute URL the scan names.
 */
abstract class ScanImageContract extends ScanContract {

    static final String NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";

    @Value("${scanledger.images.max-bytes}")
    DataSize maxImage;

    Account driver;
    long label;

    @BeforeEach
    void aDriverAndALabel() {
        driver = fixtures.driver();
        label = fixtures.label();
    }

    private Api.Call withImage(Api.FilePart image) {
        return postScan(driver).multipart(Map.of("label", String.valueOf(label), "phase", "1", "label_image", image));
    }

    @ParameterizedTest
    @CsvSource({"jpeg, jpg, image/jpeg", "png, png, image/png", "webp, webp, image/webp", "gif, gif, image/gif",
            "bmp, bmp, image/bmp", "tiff, tif, image/tiff"})
    void anAcceptedImageIsStoredAndServedBackAtItsAbsoluteUrl(String format, String extension, String contentType) {
        Api.FilePart image = switch (format) {
            case "jpeg" -> Images.jpeg();
            case "png" -> Images.png();
            case "gif" -> Images.gif();
            case "bmp" -> Images.bmp();
            case "tiff" -> Images.tiff();
            default -> Images.webp();
        };

        Api.Response response = withImage(image).send();

        assertThatResponse(response).hasStatus(201);
        String url = response.json().get("label_image").asString();
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/media/scans/\\d{4}/\\d{2}/[0-9a-f-]{36}\\." + extension);
        Api.Response served = api.get(url).send();
        assertThatResponse(served).hasStatus(200).hasContentType(contentType)
                .hasHeader("Cache-Control", "max-age=31536000, public, immutable").hasHeader("X-Content-Type-Options", "nosniff");
        assertThat(served.bytes()).isEqualTo(image.bytes());
    }

    @Test
    void theStoredTypeFollowsTheBytesNotTheClientsFileNameOrContentType() {
        Api.FilePart pngCalledJpeg = new Api.FilePart("label.jpg", "image/jpeg", Images.png().bytes());

        Api.Response response = withImage(pngCalledJpeg).send();

        assertThatResponse(response).hasStatus(201);
        String url = response.json().get("label_image").asString();
        assertThat(url).endsWith(".png");
        assertThatResponse(api.get(url).send()).hasStatus(200).hasContentType("image/png");
    }

    @Test
    void theImageUrlIsTheSameWhenTheScanIsRetrieved() {
        Api.Response created = withImage(Images.jpeg()).send();

        Api.Response retrieved = getScan(driver, created.json().get("id").asLong());

        assertThat(retrieved.json().get("label_image")).isEqualTo(created.json().get("label_image"));
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedAndNotStored() {
        assertThatResponse(rejected(withImage(Images.notAnImage()))).hasStatus(400).hasFieldError("label_image", NOT_AN_IMAGE);
    }

    @Test
    void aTruncatedImageIsRefusedAsCorrupted() {
        Api.FilePart cut = new Api.FilePart("label.png", "image/png", Arrays.copyOf(Images.png().bytes(), 40));

        assertThatResponse(rejected(withImage(cut))).hasStatus(400).hasFieldError("label_image", NOT_AN_IMAGE);
    }

    @Test
    void aFileNameOverOneHundredCharactersIsRefusedAsDjangoRefusesIt() {
        Api.FilePart longName = new Api.FilePart("p".repeat(100) + ".jpg", "image/jpeg", Images.jpeg().bytes());

        assertThatResponse(rejected(withImage(longName))).hasStatus(400)
                .hasFieldError("label_image", "Ensure this filename has at most 100 characters (it has 104).");
    }

    @Test
    void anEmptyFileIsRefused() {
        Api.FilePart empty = new Api.FilePart("label.jpg", "image/jpeg", new byte[0]);

        assertThatResponse(rejected(withImage(empty))).hasStatus(400)
                .hasFieldError("label_image", "The submitted file is empty.");
    }

    /** What a browser form sends when no file was chosen; Django's multipart parser skips such a part. */
    @Test
    void aFilePartWithAnEmptyFileNameIsNoFile() {
        Api.Response response = withImage(new Api.FilePart("", "application/octet-stream", new byte[0])).send();

        assertThatResponse(response).hasStatus(201);
        assertThat(response.json().get("label_image").isNull()).isTrue();
    }

    @Test
    void aFileOverTheImageSizeLimitIsRefusedOnTheField() {
        byte[] big = Arrays.copyOf(Images.jpeg().bytes(), (int) maxImage.toBytes() + 1);

        assertThatResponse(rejected(withImage(new Api.FilePart("big.jpg", "image/jpeg", big)))).hasStatus(400)
                .hasFieldError("label_image", "Ensure this file is no larger than " + maxImage.toMegabytes() + " MB.");
    }

    @Test
    void aFileOfExactlyTheSizeLimitIsAccepted() {
        byte[] limit = Arrays.copyOf(Images.jpeg().bytes(), (int) maxImage.toBytes());

        assertThatResponse(withImage(new Api.FilePart("big.jpg", "image/jpeg", limit)).send()).hasStatus(201);
    }

    @Test
    void aValidImageWithAnInvalidFieldLeavesNoFileBehind() {
        assertThatResponse(rejected(postScan(driver).multipart(Map.of("label", String.valueOf(label), "phase", "9",
                "label_image", Images.jpeg()))))
                .hasStatus(400).hasFieldError("phase", "\"9\" is not a valid choice.");
    }

    @Test
    void aValidImageWithAnUnknownLabelLeavesNoFileBehind() {
        assertThatResponse(rejected(postScan(driver).multipart(Map.of("label", String.valueOf(ScanValidationContract.NO_SUCH_PK),
                "label_image", Images.png()))))
                .hasStatus(400).hasFieldError("label", "Invalid pk \"999999999\" - object does not exist.");
    }

    @Test
    void anUnknownMediaPathIs404() {
        assertThatResponse(api.get("/media/scans/1999/01/nothing.jpg").send()).hasStatus(404).hasDetail("Not found.");
    }
}
