package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Fixtures.Account;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/scans/} with invalid fields: 400 in DRF's {@code {"field": ["message"]}} shape, and
 * nothing written.
 */
abstract class ScanValidationContract extends ScanContract {

    static final long NO_SUCH_PK = 999_999_999L;

    Account driver;
    long label;

    @BeforeEach
    void aDriverAndALabel() {
        driver = fixtures.driver();
        label = fixtures.label();
    }

    private void assertJsonRefused(String json, String field, String message) {
        assertThatResponse(rejected(postScan(driver).json(json))).hasStatus(400).hasFieldError(field, message);
    }

    @Test
    void aMissingLabelIsRequired() {
        assertJsonRefused("{\"phase\": 1}", "label", "This field is required.");
    }

    @Test
    void anEmptyObjectNamesOnlyTheLabelAsRequired() {
        assertJsonRefused("{}", "label", "This field is required.");
    }

    @Test
    void aNullOrBlankLabelMayNotBeNull() {
        assertJsonRefused("{\"label\": null}", "label", "This field may not be null.");
        assertJsonRefused("{\"label\": \"\"}", "label", "This field may not be null.");
    }

    @Test
    void anUnknownLabelPkDoesNotExist() {
        assertJsonRefused("{\"label\": %d, \"phase\": 1}".formatted(NO_SUCH_PK), "label",
                "Invalid pk \"999999999\" - object does not exist.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0     | Invalid pk "0" - object does not exist.
            -5    | Invalid pk "-5" - object does not exist.
            "abc" | Incorrect type. Expected pk value, received str.
            true  | Incorrect type. Expected pk value, received bool.
            1.5   | Incorrect type. Expected pk value, received float.
            1e999 | Incorrect type. Expected pk value, received float.
            99999999999999999999 | Incorrect type. Expected pk value, received int.
            [1]   | Incorrect type. Expected pk value, received list.
            {}    | Incorrect type. Expected pk value, received dict.
            """)
    void aLabelThatIsNotAPositivePkIsRefusedWithDrfsMessage(String json, String message) {
        assertJsonRefused("{\"label\": " + json + "}", "label", message);
    }

    @Test
    void anUnknownDistributionOrStorePkDoesNotExist() {
        assertJsonRefused("{\"label\": %d, \"distribution\": %d}".formatted(label, NO_SUCH_PK), "distribution",
                "Invalid pk \"999999999\" - object does not exist.");
        assertJsonRefused("{\"label\": %d, \"store\": %d}".formatted(label, NO_SUCH_PK), "store",
                "Invalid pk \"999999999\" - object does not exist.");
    }

    @Test
    void aDistributionPkThatIsAStoreDoesNotExistAsADistributionCentre() {
        long store = fixtures.site(SiteKind.STORE);

        assertJsonRefused("{\"label\": %d, \"distribution\": %d}".formatted(label, store), "distribution",
                "Invalid pk \"%d\" - object does not exist.".formatted(store));
    }

    @Test
    void aStorePkThatIsAFactoryOrDistributionCentreDoesNotExistAsAStore() {
        long factory = fixtures.site(SiteKind.FACTORY);
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);

        assertJsonRefused("{\"label\": %d, \"store\": %d}".formatted(label, factory), "store",
                "Invalid pk \"%d\" - object does not exist.".formatted(factory));
        assertJsonRefused("{\"label\": %d, \"store\": %d}".formatted(label, distribution), "store",
                "Invalid pk \"%d\" - object does not exist.".formatted(distribution));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            7      | "7" is not a valid choice.
            -1     | "-1" is not a valid choice.
            4      | "4" is not a valid choice.
            "x"    | "x" is not a valid choice.
            1.5    | "1.5" is not a valid choice.
            true   | "True" is not a valid choice.
            [1]    | "[1]" is not a valid choice.
            """)
    void aPhaseOutsideTheChoicesIsNotAValidChoice(String json, String message) {
        assertJsonRefused("{\"label\": %d, \"phase\": %s}".formatted(label, json), "phase", message);
    }

    @Test
    void aNullPhaseMayNotBeNull() {
        assertJsonRefused("{\"label\": %d, \"phase\": null}".formatted(label), "phase", "This field may not be null.");
    }

    @Test
    void aLabelImageSentAsJsonTextIsNotAFile() {
        assertJsonRefused("{\"label\": %d, \"label_image\": \"http://example.com/a.jpg\"}".formatted(label), "label_image",
                "The submitted data was not a file. Check the encoding type on the form.");
    }

    @Test
    void everyInvalidFieldIsNamedInOneAnswer() {
        assertThatResponse(rejected(postScan(driver).json("""
                {"label": %d, "phase": 9, "distribution": "x", "store": %d}
                """.formatted(NO_SUCH_PK, NO_SUCH_PK))))
                .hasStatus(400)
                .hasJson("""
                        {"label": ["Invalid pk \\"999999999\\" - object does not exist."],
                         "phase": ["\\"9\\" is not a valid choice."],
                         "distribution": ["Incorrect type. Expected pk value, received str."],
                         "store": ["Invalid pk \\"999999999\\" - object does not exist."]}
                        """);
    }

    @Test
    void everyUnknownReferenceIsNamedEvenWhenTheFieldsAreOtherwiseValid() {
        long store = fixtures.site(SiteKind.STORE);

        assertThatResponse(rejected(postScan(driver).json("""
                {"label": %d, "phase": 1, "distribution": %d, "store": %d}
                """.formatted(NO_SUCH_PK, store, NO_SUCH_PK))))
                .hasStatus(400)
                .hasJson("""
                        {"label": ["Invalid pk \\"999999999\\" - object does not exist."],
                         "distribution": ["Invalid pk \\"%d\\" - object does not exist."],
                         "store": ["Invalid pk \\"999999999\\" - object does not exist."]}
                        """.formatted(store));
    }

    @Test
    void formFieldsAreValidatedWithTheSameMessages() {
        assertThatResponse(rejected(postScan(driver).form(Map.of("label", "abc", "phase", "7"))))
                .hasStatus(400)
                .hasJson("""
                        {"label": ["Incorrect type. Expected pk value, received str."],
                         "phase": ["\\"7\\" is not a valid choice."]}
                        """);
        assertThatResponse(rejected(postScan(driver).form(Map.of("phase", "1"))))
                .hasStatus(400).hasFieldError("label", "This field is required.");
        assertThatResponse(rejected(postScan(driver).form(Map.of("label", ""))))
                .hasStatus(400).hasFieldError("label", "This field may not be null.");
    }

    @Test
    void aFormLabelCoordinateMustBeValidJson() {
        assertThatResponse(rejected(postScan(driver).form(Map.of("label", String.valueOf(label), "label_coordinate", "{x"))))
                .hasStatus(400).hasFieldError("label_coordinate", "Value must be valid JSON.");
    }

    @Test
    void aNullCharacterAnywhereInTheLabelCoordinateIsRefused() {
        assertJsonRefused("{\"label\": %d, \"label_coordinate\": {\"note\": \"a\\u0000b\"}}".formatted(label),
                "label_coordinate", "Null characters are not allowed.");
        assertJsonRefused("{\"label\": %d, \"label_coordinate\": [{\"\\u0000\": 1}]}".formatted(label),
                "label_coordinate", "Null characters are not allowed.");
        assertThatResponse(rejected(postScan(driver).form(Map.of("label", String.valueOf(label), "label_coordinate", "\"\\u0000\""))))
                .hasStatus(400).hasFieldError("label_coordinate", "Null characters are not allowed.");
    }

    @Test
    void aLabelCoordinateNumberBeyondDoubleRangeIsNotValidJson() {
        assertJsonRefused("{\"label\": %d, \"label_coordinate\": {\"x\": [1e999]}}".formatted(label),
                "label_coordinate", "Value must be valid JSON.");
        assertJsonRefused("{\"label\": %d, \"label_coordinate\": -1e999}".formatted(label),
                "label_coordinate", "Value must be valid JSON.");
    }

    @Test
    void anEscapedBackslashBeforeU0000IsOrdinaryText() {
        assertThatResponse(postScan(driver).json("{\"label\": %d, \"label_coordinate\": \"\\\\u0000\"}".formatted(label)).send())
                .hasStatus(201);
    }

    @Test
    void multipartFieldsAreValidatedWithTheSameMessages() {
        assertThatResponse(rejected(postScan(driver).multipart(Map.of("label", String.valueOf(NO_SUCH_PK), "phase", "5"))))
                .hasStatus(400)
                .hasJson("""
                        {"label": ["Invalid pk \\"999999999\\" - object does not exist."],
                         "phase": ["\\"5\\" is not a valid choice."]}
                        """);
    }
}
