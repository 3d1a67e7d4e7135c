package dev.scanledger.scans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.scanledger.support.Images;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockMultipartHttpServletRequest;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The ScanSerializer's field rules, without Spring or a database (references are looked up elsewhere). */
class ScanFormTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ScanReferences references = mock(ScanReferences.class);
    private final ScanForm form = new ScanForm(JSON, new ScanImages(new ImageFiles("target/unit-media", null), DataSize.ofMegabytes(1)), references);

    private NewScan json(String body) {
        return form.read(new JsonScanFields(JSON.readTree(body)));
    }

    private Map<String, List<String>> jsonErrors(String body) {
        return catchThrowableOfType(ValidationException.class, () -> json(body)).errors();
    }

    private NewScan form(Map<String, String> fields) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/scans/");
        fields.forEach(request::addParameter);
        return form.read(new FormScanFields(request));
    }

    @Test
    void aMinimalScanHasPhaseZeroAndNothingElse() {
        assertThat(json("{\"label\": 5}")).isEqualTo(new NewScan(5, 0, null, null, null, null));
        verify(references, never()).addMissing(any(), any(), any(), any());
    }

    @Test
    void everyWritableFieldIsRead() {
        assertThat(json("{\"label\": 5, \"phase\": 3, \"distribution\": 6, \"store\": \"7\", \"label_coordinate\": [1, {\"a\": null}]}"))
                .isEqualTo(new NewScan(5, 3, 6L, 7L, "[1,{\"a\":null}]", null));
    }

    @Test
    void readOnlyAndUnknownFieldsAreIgnored() {
        assertThat(json("{\"label\": 5, \"id\": 1, \"user\": 2, \"label_quality\": 0.5, \"created_date\": \"x\", \"extra\": true}"))
                .isEqualTo(new NewScan(5, 0, null, null, null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5       | 5
            "5"     | 5
            " 5 "   | 5
            5.0     | 5
            """)
    void aPkIsAnIntegerOrTextOfOne(String json, long pk) {
        assertThat(json("{\"label\": " + json + "}").label()).isEqualTo(pk);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "1"  | 1
            3    | 3
            "0"  | 0
            """)
    void aPhaseIsComparedAsText(String json, int phase) {
        assertThat(json("{\"label\": 5, \"phase\": " + json + "}").phase()).isEqualTo(phase);
    }

    @Test
    void nullOptionalReferencesAndEmptyFormReferencesAreNull() {
        assertThat(json("{\"label\": 5, \"distribution\": null, \"store\": \"\"}").distribution()).isNull();
        assertThat(form(Map.of("label", "5", "distribution", "", "store", ""))).isEqualTo(new NewScan(5, 0, null, null, null, null));
    }

    @Test
    void formValuesAreTextAndTheCoordinateIsParsedAsJson() {
        assertThat(form(Map.of("label", "5", "phase", "2", "store", "9", "label_coordinate", "{ \"x\" : 1 }")))
                .isEqualTo(new NewScan(5, 2, null, 9L, "{\"x\":1}", null));
    }

    @Test
    void everyInvalidFieldIsCollectedInFieldOrder() {
        Map<String, List<String>> errors = jsonErrors("{\"phase\": \"9\", \"distribution\": false, \"store\": [2], \"label_image\": \"a.jpg\"}");

        assertThat(errors).containsExactly(
                Map.entry("label", List.of("This field is required.")),
                Map.entry("phase", List.of("\"9\" is not a valid choice.")),
                Map.entry("distribution", List.of("Incorrect type. Expected pk value, received bool.")),
                Map.entry("store", List.of("Incorrect type. Expected pk value, received list.")),
                Map.entry("label_image", List.of("The submitted data was not a file. Check the encoding type on the form.")));
    }

    @Test
    void whenAnyFieldIsInvalidTheValidReferencesAreCheckedTooSoAllAreNamedAtOnce() {
        jsonErrors("{\"label\": 5, \"phase\": 8, \"distribution\": \"x\", \"store\": 7}");

        verify(references).addMissing(any(FieldErrors.class), eq(5L), isNull(), eq(7L));
    }

    @Test
    void aFormCoordinateThatIsNotJsonIsInvalid() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> form(Map.of("label", "5", "label_coordinate", "x=1")));

        assertThat(e.errors()).containsExactly(Map.entry("label_coordinate", List.of("Value must be valid JSON.")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "a\\u0000"          | Null characters are not allowed.
            {"k": ["\\u0000"]}  | Null characters are not allowed.
            {"\\u0000": 1}      | Null characters are not allowed.
            [1e999]             | Value must be valid JSON.
            """)
    void aCoordinatePostgresJsonbCannotHoldIsInvalid(String coordinate, String message) {
        assertThat(jsonErrors("{\"label\": 5, \"label_coordinate\": " + coordinate + "}"))
                .containsExactly(Map.entry("label_coordinate", List.of(message)));
    }

    @Test
    void aPkBeyondDoubleRangeIsAFloatNotAServerError() {
        assertThat(jsonErrors("{\"label\": 1e999}"))
                .containsExactly(Map.entry("label", List.of("Incorrect type. Expected pk value, received float.")));
    }

    @Test
    void anUploadedFileIsCheckedAsAnImage() {
        MockMultipartHttpServletRequest request = new MockMultipartHttpServletRequest();
        request.addParameter("label", "5");
        request.addFile(new MockMultipartFile("label_image", "x.jpg", "application/octet-stream", Images.png().bytes()));

        NewScan scan = form.read(new FormScanFields(request));

        assertThat(scan.image().extension()).isEqualTo("png");
    }
}
