package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

/** {@code POST /api/scans/} with a body that cannot be read as a scan at all. */
abstract class ScanRequestBodyContract extends ScanContract {

    static final String TOO_LARGE = "Request body is too large.";

    @Value("${scanledger.api.max-json-body}")
    DataSize maxJsonBody;
    @Value("${spring.servlet.multipart.max-request-size}")
    DataSize maxMultipart;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    @Test
    void malformedJsonIsAParseError() {
        assertThatResponse(rejected(postScan(driver).json("{\"label\": 1,")))
                .hasStatus(400).hasDetailStartingWith("JSON parse error - ");
        assertThatResponse(rejected(postScan(driver).json("label=1")))
                .hasStatus(400).hasDetailStartingWith("JSON parse error - ");
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIsAParseError() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertThatResponse(rejected(postScan(driver).json("{\"label\": 1, \"label_coordinate\": " + deep + "}")))
                .hasStatus(400).hasDetailStartingWith("JSON parse error - ");
    }

    @Test
    void aDeeplyNestedCoordinateWithinTheParsersLimitIsStored() {
        long label = fixtures.label();
        String deep = "[".repeat(200) + "1" + "]".repeat(200);

        Api.Response response = postScan(driver).json("{\"label\": %d, \"label_coordinate\": %s}".formatted(label, deep)).send();

        assertThatResponse(response).hasStatus(201);
        assertThat(response.json().get("label_coordinate").toString()).isEqualTo(deep);
    }

    @Test
    void aJsonBodyThatIsNotAnObjectIsInvalidData() {
        assertThatResponse(rejected(postScan(driver).json("[{\"label\": 1}]"))).hasStatus(400)
                .hasFieldError("non_field_errors", "Invalid data. Expected a dictionary, but got list.");
        assertThatResponse(rejected(postScan(driver).json("\"label\""))).hasStatus(400)
                .hasFieldError("non_field_errors", "Invalid data. Expected a dictionary, but got str.");
        assertThatResponse(rejected(postScan(driver).json("42"))).hasStatus(400)
                .hasFieldError("non_field_errors", "Invalid data. Expected a dictionary, but got int.");
    }

    @Test
    void anEmptyJsonBodyIsAnEmptyObject() {
        assertThatResponse(rejected(postScan(driver).json(""))).hasStatus(400)
                .hasFieldError("label", "This field is required.");
    }

    @Test
    void aRequestWithoutBodyOrContentTypeIsAnEmptyObject() {
        assertThatResponse(rejected(postScan(driver))).hasStatus(400)
                .hasFieldError("label", "This field is required.");
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        assertThatResponse(rejected(postScan(driver).body("text/plain", "label=1".getBytes(StandardCharsets.UTF_8))))
                .hasStatus(415).hasDetail("Unsupported media type \"text/plain\" in request.");
        assertThatResponse(rejected(postScan(driver).body("application/xml", "<scan/>".getBytes(StandardCharsets.UTF_8))))
                .hasStatus(415).hasDetail("Unsupported media type \"application/xml\" in request.");
    }

    @Test
    void theUnsupportedMediaTypeIsQuotedAsSent() {
        assertThatResponse(rejected(postScan(driver).body("text/plain; charset=utf-8", "x".getBytes(StandardCharsets.UTF_8))))
                .hasStatus(415).hasDetail("Unsupported media type \"text/plain; charset=utf-8\" in request.");
        assertThatResponse(rejected(postScan(driver).body("garbage", "x".getBytes(StandardCharsets.UTF_8))))
                .hasStatus(415).hasDetail("Unsupported media type \"garbage\" in request.");
    }

    @Test
    void aMultipartBodyWithoutItsBoundaryIsAParseError() {
        byte[] otherBoundary = "--other\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n1\r\n--other--\r\n"
                .getBytes(StandardCharsets.UTF_8);

        // Django finds no fields (400 "label: This field is required."); Jetty refuses the body as unterminated.
        assertThatResponse(rejected(postScan(driver).body("multipart/form-data; boundary=expected", otherBoundary)))
                .hasStatus(400).hasDetailStartingWith("Multipart form parse error - ");
    }

    @Test
    void aMultipartContentTypeWithoutBoundaryIsAParseError() {
        byte[] body = "--b\r\nContent-Disposition: form-data; name=\"label\"\r\n\r\n1\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8);

        assertThatResponse(rejected(postScan(driver).body("multipart/form-data", body)))
                .hasStatus(400).hasDetailStartingWith("Multipart form parse error - ");
    }

    @Test
    void anAcceptHeaderTheApiCannotSatisfyIs406BeforeAnythingIsRecorded() {
        long label = fixtures.label();

        assertThatResponse(rejected(postScan(driver).header("Accept", "application/xml").json("{\"label\": %d}".formatted(label))))
                .hasStatus(406).hasContentType("application/json").hasDetail("Could not satisfy the request Accept header.");
        assertThatResponse(api.get(SCANS).token(driver.token()).header("Accept", "text/csv").send())
                .hasStatus(406).hasDetail("Could not satisfy the request Accept header.");
    }

    @Test
    void anAcceptHeaderThatAllowsJsonIsAnswered() {
        assertThatResponse(api.get(SCANS).token(driver.token()).header("Accept", "text/html, application/json;q=0.5").send())
                .hasStatus(200).hasContentType("application/json");
        assertThatResponse(api.get(SCANS).token(driver.token()).header("Accept", "*/*").send()).hasStatus(200);
    }

    @Test
    void aJsonBodyOverTheLimitIs413() {
        assertThatResponse(rejected(postScan(driver).body("application/json", jsonOfSize(maxJsonBody.toBytes() + 1))))
                .hasStatus(413).hasDetail(TOO_LARGE);
    }

    @Test
    void aChunkedJsonBodyOverTheLimitIs413() {
        assertThatResponse(rejected(postScan(driver).chunked("application/json", jsonOfSize(maxJsonBody.toBytes() + 1))))
                .hasStatus(413).hasDetail(TOO_LARGE);
    }

    @Test
    void aFormBodyOverTheLimitIs413() {
        byte[] form = ("label=1&pad=" + "x".repeat((int) maxJsonBody.toBytes())).getBytes(StandardCharsets.UTF_8);

        assertThatResponse(rejected(postScan(driver).body("application/x-www-form-urlencoded", form)))
                .hasStatus(413).hasDetail(TOO_LARGE);
    }

    @Test
    void aChunkedFormBodyOverTheLimitIs413() {
        byte[] form = ("label=1&pad=" + "x".repeat((int) maxJsonBody.toBytes())).getBytes(StandardCharsets.UTF_8);

        assertThatResponse(rejected(postScan(driver).chunked("application/x-www-form-urlencoded", form)))
                .hasStatus(413).hasDetail(TOO_LARGE);
    }

    @Test
    void aFormWithBrokenPercentEncodingIsMalformed() {
        Api.Response response = rejected(postScan(driver).body("application/x-www-form-urlencoded",
                "label=%zz&phase=1".getBytes(StandardCharsets.UTF_8)));

        assertThatResponse(response).hasStatus(400).hasDetail("Malformed request parameters.");
    }

    @Test
    void aMultipartWithMorePartsThanTheServerAcceptsIsAParseError() {
        long label = fixtures.label();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("label", String.valueOf(label));
        for (int i = 0; i < 200; i++) {
            parts.put("extra" + i, "x");
        }

        // As Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400, not a 413.
        assertThatResponse(rejected(postScan(driver).multipart(parts)))
                .hasStatus(400).hasDetail("Multipart form parse error - Form with too many keys [101 > 100]");
    }

    @Test
    void aJsonBodyJustUnderTheLimitIsRead() {
        long label = fixtures.label();
        byte[] body = jsonOfSize(maxJsonBody.toBytes() - 64);
        byte[] prefix = "{\"label\": %d, \"phase\": 1, \"pad\": \"".formatted(label).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, body, 0, prefix.length);

        assertThatResponse(postScan(driver).body("application/json", body).send()).hasStatus(201);
    }

    @Test
    void aMultipartBodyOverTheLimitIs413() {
        long label = fixtures.label();
        byte[] huge = Arrays.copyOf(Images.jpeg().bytes(), (int) maxMultipart.toBytes() + 1024);

        assertThatResponse(rejected(postScan(driver).multipart(Map.of("label", String.valueOf(label),
                "label_image", new Api.FilePart("big.jpg", "image/jpeg", huge)))))
                .hasStatus(413).hasDetail(TOO_LARGE);
    }

    /** A syntactically valid JSON object of exactly {@code size} bytes: {"pad": "xxx..."}. */
    static byte[] jsonOfSize(long size) {
        byte[] body = new byte[(int) size];
        Arrays.fill(body, (byte) 'x');
        byte[] open = "{\"pad\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(open, 0, body, 0, open.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }
}
