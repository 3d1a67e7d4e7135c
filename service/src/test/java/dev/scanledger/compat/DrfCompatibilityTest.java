package dev.scanledger.compat;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.accounts.Role;
import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What an unmodified DRF client observes, behaviour by behaviour, over real HTTP: each nested class is one DRF
 * behaviour (Django 3.2, DRF 3.14) and what its source does, as docs/drf-compatibility.md lists it.
 */
@ApiTest
class DrfCompatibilityTest {

    static final String SCANS = "/api/scans/";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    /** APIView.finalize_response: Allow lists the view's methods (HEAD with GET, OPTIONS always); two renderers add Vary. */
    @Nested
    class AllowAndVaryHeaders {

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                /api/scans/                   | GET, POST, HEAD, OPTIONS
                /api/scans/1/                 | GET, HEAD, OPTIONS
                /api/scans/batch/             | POST, OPTIONS
                /api/labels/                  | GET, POST, HEAD, OPTIONS
                /api/labels/1/scans/1/        | PUT, OPTIONS
                /api/                         | GET, HEAD, OPTIONS
                """)
        void everyAnswerOfAViewCarriesItsAllowAndVaryAccept(String path, String allow) {
            for (Api.Response response : List.of(api.get(path).token(driver.token()).send(), api.get(path).send(),
                    api.method("DELETE", path).token(driver.token()).send())) {
                assertThatResponse(response).hasHeader("Allow", allow).hasHeader("Vary", "Accept");
            }
        }

        @Test
        void aMethodTheViewLacksIs405WithItsAllow() {
            Api.Response response = api.get("/api/scans/batch/").token(driver.token()).send();

            assertThatResponse(response).hasStatus(405).hasDetail("Method \"GET\" not allowed.").hasHeader("Allow", "POST, OPTIONS");
        }

        @Test
        void obtainAuthTokenHasOnlyTheJsonRendererSoNoVary() {
            Api.Response response = api.get("/api/auth/token/").send();

            assertThatResponse(response).hasStatus(405).hasHeader("Allow", "POST, OPTIONS").hasHeader("Vary", null);
        }
    }

    /**
     * Django 3.2's SecurityMiddleware (SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY) and
     * XFrameOptionsMiddleware (DENY): these three headers on every answer of the API, and no caching header
     * Django does not send.
     */
    @Nested
    class SecurityHeaders {

        @Test
        void aCreatedScanCarriesDjangosThreeSecurityHeaders() {
            Api.Response response = api.post(SCANS).token(driver.token())
                    .json("{\"label\": " + fixtures.label() + ", \"phase\": 1}").send();

            assertThatResponse(response).hasStatus(201)
                    .hasHeader("X-Content-Type-Options", "nosniff")
                    .hasHeader("X-Frame-Options", "DENY")
                    .hasHeader("Referrer-Policy", "same-origin")
                    .hasHeader("Cache-Control", null)
                    .hasHeader("Pragma", null)
                    .hasHeader("X-XSS-Protection", null);
        }

        @Test
        void aRefusedRequestCarriesThemToo() {
            Api.Response response = api.get(SCANS).send();

            assertThatResponse(response).hasStatus(401)
                    .hasHeader("X-Content-Type-Options", "nosniff")
                    .hasHeader("X-Frame-Options", "DENY")
                    .hasHeader("Referrer-Policy", "same-origin");
        }
    }

    /** SimpleMetadata: OPTIONS describes the view, and for POST and PUT the caller may send, the serializer's fields. */
    @Nested
    class OptionsMetadata {

        private JsonNode options(String path, String token) {
            Api.Call call = api.method("OPTIONS", path);
            Api.Response response = (token == null ? call : call.token(token)).send();
            assertThatResponse(response).hasStatus(200).hasContentType("application/json");
            return response.json();
        }

        @Test
        void theScanListDescribesItselfAndTheFieldsOfAScan() {
            JsonNode metadata = options(SCANS, driver.token());

            assertThat(metadata.propertyNames()).containsExactly("name", "description", "renders", "parses", "actions");
            assertThat(metadata.get("name").asString()).isEqualTo("Scan List");
            assertThat(metadata.get("renders").toString()).isEqualTo("[\"application/json\",\"text/html\"]");
            assertThat(metadata.get("parses").toString())
                    .isEqualTo("[\"application/json\",\"application/x-www-form-urlencoded\",\"multipart/form-data\"]");
            JsonNode post = metadata.get("actions").get("POST");
            assertThat(post.propertyNames()).containsExactly("id", "user", "label", "phase", "distribution", "store",
                    "label_image", "label_coordinate", "label_quality", "created_date", "updated_date");
            assertThat(post.get("label").toString()).isEqualTo("{\"type\":\"field\",\"required\":true,\"read_only\":false,\"label\":\"Label\"}");
            assertThat(post.get("id").toString()).isEqualTo("{\"type\":\"integer\",\"required\":false,\"read_only\":true,\"label\":\"ID\"}");
            assertThat(post.get("phase").get("choices").toString()).isEqualTo("[{\"value\":0,\"display_name\":\"Unknown\"},"
                    + "{\"value\":1,\"display_name\":\"Factory\"},{\"value\":2,\"display_name\":\"Distribution\"},"
                    + "{\"value\":3,\"display_name\":\"Store\"}]");
            assertThat(post.get("label_image").get("type").asString()).isEqualTo("image upload");
            assertThat(post.get("label_image").get("max_length").asInt()).isEqualTo(100);
            assertThat(post.get("user").get("children").propertyNames()).containsExactly("id", "username", "first_name", "last_name");
        }

        @Test
        void aViewWithoutWritesHasNoActions() {
            JsonNode metadata = options("/api/scans/1/", driver.token());

            assertThat(metadata.get("name").asString()).isEqualTo("Scan Instance");
            assertThat(metadata.has("actions")).isFalse();
        }

        @Test
        void obtainAuthTokenNeedsNoTokenAndListsItsSerializer() {
            JsonNode metadata = options("/api/auth/token/", null);

            assertThat(metadata.get("name").asString()).isEqualTo("Obtain Auth Token");
            assertThat(metadata.get("renders").toString()).isEqualTo("[\"application/json\"]");
            assertThat(metadata.get("parses").toString())
                    .isEqualTo("[\"application/x-www-form-urlencoded\",\"multipart/form-data\",\"application/json\"]");
            assertThat(metadata.get("actions").get("POST").propertyNames()).containsExactly("username", "password", "token");
        }

        @Test
        void anActionTheCallerMayNotTakeIsLeftOut() {
            Account manager = fixtures.account(Role.MANAGER);

            JsonNode metadata = options("/api/labels/1/scans/1/", manager.token());

            assertThat(metadata.get("name").asString()).isEqualTo("Label Scan");
            assertThat(metadata.has("actions")).isFalse();
        }

        @Test
        void optionsAuthenticatesAsEveryOtherMethod() {
            assertThatResponse(api.method("OPTIONS", SCANS).send()).hasStatus(401)
                    .hasDetail("Authentication credentials were not provided.");
        }
    }

    /** Django's APPEND_SLASH and URL resolution, which run before any view and so before authentication. */
    @Nested
    class Paths {

        @ParameterizedTest
        @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "OPTIONS"})
        void aPathWithoutItsSlashIsRedirectedForEveryMethodWithoutAToken(String method) {
            Api.Response response = api.method(method, "/api/scans").json("{}").send();

            assertThatResponse(response).hasStatus(301).hasHeader("Location", "/api/scans/");
            assertThat(response.bytes()).isEmpty();
        }

        @Test
        void theRedirectKeepsTheQuery() {
            assertThatResponse(api.get("/api/scans/5?page=2&phase=1").send()).hasStatus(301)
                    .hasHeader("Location", "/api/scans/5/?page=2&phase=1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api/nothing/", "/api/nothing", "/api/scans/1/images/", "/api/sites/", "/api/auth/token.json"})
        void anUnknownPathIsNotFoundWithOrWithoutAToken(String path) {
            assertThatResponse(api.get(path).send()).hasStatus(404).hasDetail("Not found.");
            assertThatResponse(api.get(path).token(driver.token()).send()).hasStatus(404).hasDetail("Not found.");
            assertThatResponse(api.get(path).token("0".repeat(40)).send()).hasStatus(404).hasDetail("Not found.");
        }

        @Test
        void theApiRootListsTheCollectionsWithAbsoluteUrls() {
            assertThatResponse(api.get("/api/").send()).hasStatus(200)
                    .hasJson("{\"scans\": \"%s\", \"labels\": \"%s\"}".formatted(api.url("/api/scans/"), api.url("/api/labels/")));
        }

        @Test
        void theApiRootWithASuffixLinksWithTheSuffix() {
            assertThatResponse(api.get("/api/.json").send()).hasStatus(200)
                    .hasJson("{\"scans\": \"%s\", \"labels\": \"%s\"}".formatted(api.url("/api/scans.json"), api.url("/api/labels.json")));
        }

        @Test
        void formatSuffixesAndTheFormatParameterSelectJson() {
            JsonNode scan = api.post(SCANS).token(driver.token()).json("{\"label\": %d}".formatted(fixtures.label())).send().json();
            long id = scan.get("id").asLong();

            for (String path : List.of("/api/scans.json", "/api/scans.json/", "/api/scans/?format=json")) {
                Api.Response list = api.get(path).token(driver.token()).header("Accept", BrowsableApi.BROWSER_ACCEPT).send();
                assertThatResponse(list).hasStatus(200).hasContentType("application/json");
                assertThat(list.json().get("count").asLong()).isEqualTo(1);
            }
            assertThatResponse(api.get("/api/scans/%d.json".formatted(id)).token(driver.token()).send()).hasStatus(200)
                    .hasJson(scan.toString());
        }

        @Test
        void anUnknownFormatIsNotFoundBeforeAuthentication() {
            assertThatResponse(api.get("/api/scans/?format=xml").send()).hasStatus(404).hasDetail("Not found.");
            assertThatResponse(api.get("/api/scans.xml").send()).hasStatus(404).hasDetail("Not found.");
        }

        @Test
        void aFormatWhoseRendererTheAcceptRefusesIs406AsInDrf() {
            assertThatResponse(api.get("/api/scans/?format=json").token(driver.token()).header("Accept", "text/html").send())
                    .hasStatus(406);
        }

        @Test
        void anAcceptNoRendererMeetsIs406() {
            assertThatResponse(api.get(SCANS).token(driver.token()).header("Accept", "application/xml").send()).hasStatus(406)
                    .hasDetail("Could not satisfy the request Accept header.");
        }
    }

    /** BrowsableAPIRenderer: text/html (first among equally precise types after JSON) or ?format=api gets a page. */
    @Nested
    class BrowsableApi {

        static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

        @Test
        void aBrowserGetsAReadablePageOfTheSameAnswer() {
            Api.Response page = api.get(SCANS).token(driver.token()).header("Accept", BROWSER_ACCEPT).send();

            assertThatResponse(page).hasStatus(200).hasContentType("text/html").hasHeader("Allow", "GET, POST, HEAD, OPTIONS")
                    .hasHeader("Vary", "Accept");
            assertThat(page.text()).contains("<h1>Scan List</h1>", "HTTP 200 OK", "GET, POST, HEAD, OPTIONS", "&quot;count&quot; : 0",
                    "<form method=\"post\" enctype=\"multipart/form-data\"");
        }

        @Test
        void formatApiGetsThePageWhateverTheAccept() {
            assertThatResponse(api.get("/api/scans/?format=api").token(driver.token()).send()).hasStatus(200).hasContentType("text/html");
            assertThatResponse(api.get("/api/scans.api").token(driver.token()).send()).hasStatus(200).hasContentType("text/html");
        }

        @Test
        void errorsArePagesWithTheirStatus() {
            Api.Response page = api.get(SCANS).header("Accept", "text/html").send();

            assertThatResponse(page).hasStatus(401).hasContentType("text/html").hasHeader("WWW-Authenticate", "Token");
            assertThat(page.text()).contains("HTTP 401 Unauthorized", "Authentication credentials were not provided.");
        }

        @Test
        void aPostFromABrowserIsRecordedAsWithJson() {
            long label = fixtures.label();

            Api.Response page = api.post(SCANS).token(driver.token()).header("Accept", BROWSER_ACCEPT)
                    .multipart(Map.of("label", String.valueOf(label), "phase", "2")).send();

            assertThatResponse(page).hasStatus(201).hasContentType("text/html");
            assertThat(page.text()).contains("HTTP 201 Created", "&quot;phase&quot; : 2");
            assertThat(fixtures.scansOf(label)).isEqualTo(1);
            assertThatResponse(api.post(SCANS).token(driver.token()).json("{\"label\": %d, \"phase\": 2}".formatted(label)).send())
                    .hasStatus(400).hasFieldError("non_field_errors", "The fields label, phase must make a unique set.");
        }

        @Test
        void jsonAmongEquallyPreciseTypesWinsAsDrfTriesItsRenderersInOrder() {
            assertThatResponse(api.get(SCANS).token(driver.token()).header("Accept", "text/html, application/json").send())
                    .hasContentType("application/json");
        }

        @Test
        void obtainAuthTokenRendersOnlyJsonSoAnHtmlOnlyAcceptIs406() {
            assertThatResponse(api.post("/api/auth/token/").header("Accept", "text/html").json("{}").send()).hasStatus(406);
        }
    }

    /** PageNumberPagination 3.14: query_params.get('page', 1), so an empty value is no page number. */
    @Nested
    class Pagination {

        @Test
        void anEmptyPageIsAnInvalidPage() {
            assertThatResponse(api.get("/api/scans/?page=").token(driver.token()).send()).hasStatus(404).hasDetail("Invalid page.");
        }
    }

    /**
     * Field.get_value on HTML form input: a blank value of a field that is not required counts as not sent, a blank
     * nullable one is null; JSONField parses whatever text it gets; a relation reads "" as null. Each field, empty,
     * blank and absent, in both form encodings.
     */
    @Nested
    class FormEmptyValues {

        long label;

        @BeforeEach
        void aLabel() {
            label = fixtures.label();
        }

        private Api.Response post(String encoding, Map<String, String> fields) {
            Api.Call call = api.post(SCANS).token(driver.token());
            return encoding.equals("form") ? call.form(fields).send() : call.multipart(fields).send();
        }

        private Map<String, String> with(String field, String value) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("label", String.valueOf(label));
            if (value == null) {
                fields.remove(field);
            } else {
                fields.put(field, value);
            }
            return fields;
        }

        @ParameterizedTest(name = "{0} {1}=\"{2}\"")
        @CsvSource(delimiter = '|', nullValues = "ABSENT", textBlock = """
                form      | phase            | ABSENT | 0
                form      | phase            | ''     | 0
                multipart | phase            | ABSENT | 0
                multipart | phase            | ''     | 0
                form      | distribution     | ABSENT | null
                form      | distribution     | ''     | null
                multipart | distribution     | ABSENT | null
                multipart | distribution     | ''     | null
                form      | store            | ABSENT | null
                form      | store            | ''     | null
                multipart | store            | ABSENT | null
                multipart | store            | ''     | null
                form      | label_coordinate | ABSENT | null
                multipart | label_coordinate | ABSENT | null
                form      | label_image      | ABSENT | null
                form      | label_image      | ''     | null
                multipart | label_image      | ABSENT | null
                multipart | label_image      | ''     | null
                """)
        void aValueThatCountsAsNotSentOrNullIsAccepted(String encoding, String field, String value, String stored) {
            Api.Response response = post(encoding, with(field, value));

            assertThatResponse(response).hasStatus(201);
            assertThat(response.json().get(field).toString()).isEqualTo(stored);
        }

        @ParameterizedTest(name = "{0} {1}=\"{2}\"")
        @CsvSource(delimiter = '|', nullValues = "ABSENT", textBlock = """
                form      | phase            | '  '   | '"  " is not a valid choice.'
                multipart | phase            | '  '   | '"  " is not a valid choice.'
                form      | distribution     | '  '   | Incorrect type. Expected pk value, received str.
                multipart | distribution     | '  '   | Incorrect type. Expected pk value, received str.
                form      | store            | '  '   | Incorrect type. Expected pk value, received str.
                multipart | store            | '  '   | Incorrect type. Expected pk value, received str.
                form      | label_coordinate | ''     | Value must be valid JSON.
                form      | label_coordinate | '  '   | Value must be valid JSON.
                multipart | label_coordinate | ''     | Value must be valid JSON.
                multipart | label_coordinate | '  '   | Value must be valid JSON.
                form      | label_coordinate | '{} x' | Value must be valid JSON.
                form      | label_image      | '  '   | The submitted data was not a file. Check the encoding type on the form.
                multipart | label_image      | '  '   | The submitted data was not a file. Check the encoding type on the form.
                form      | label            | ABSENT | This field is required.
                multipart | label            | ABSENT | This field is required.
                form      | label            | ''     | This field may not be null.
                multipart | label            | ''     | This field may not be null.
                form      | label            | '  '   | Incorrect type. Expected pk value, received str.
                multipart | label            | '  '   | Incorrect type. Expected pk value, received str.
                """)
        void aValueTheFieldCannotTakeIsNamedWithDrfsMessage(String encoding, String field, String value, String message) {
            assertThatResponse(post(encoding, with(field, value))).hasStatus(400).hasFieldError(field, message);
        }

        @Test
        void aFilePartWithNoFileChosenIsNoImage() {
            Map<String, Object> parts = new LinkedHashMap<>(with("phase", "1"));
            parts.put("label_image", new Api.FilePart("", "application/octet-stream", new byte[0]));

            Api.Response response = api.post(SCANS).token(driver.token()).multipart(parts).send();

            assertThatResponse(response).hasStatus(201);
            assertThat(response.json().get("label_image").isNull()).isTrue();
        }

        @Test
        void aRepeatedFieldCountsWithItsLastValueAsInAQueryDict() {
            Api.Response response = api.post(SCANS).token(driver.token())
                    .body("application/x-www-form-urlencoded", ("label=" + label + "&phase=1&phase=3").getBytes()).send();

            assertThatResponse(response).hasStatus(201);
            assertThat(response.json().get("phase").asInt()).isEqualTo(3);
        }
    }

    /** The original's nested UserSerializer: the AbstractUser fields it exposed. */
    @Nested
    class NestedUser {

        @Test
        void aScansUserHasIdUsernameFirstAndLastName() {
            Api.Response created = api.post(SCANS).token(driver.token()).json("{\"label\": %d}".formatted(fixtures.label())).send();

            assertThat(created.json().get("user").toString()).isEqualTo(
                    "{\"id\":%d,\"username\":\"%s\",\"first_name\":\"\",\"last_name\":\"\"}".formatted(driver.id(), driver.username()));
        }
    }

    /** Django's ImageField with Pillow behind DRF's ImageField. */
    @Nested
    class LabelImages {

        @ParameterizedTest
        @ValueSource(strings = {"rgb.jpg", "rgb.png", "rgb.gif", "rgb.bmp", "rgb.tif", "lossy.webp", "lossless.webp"})
        void everyFormatPillowOpensIsTaken(String sample) {
            Map<String, Object> parts = Map.of("label", String.valueOf(fixtures.label()), "label_image",
                    Images.sample(sample, "application/octet-stream"));

            assertThatResponse(api.post(SCANS).token(driver.token()).multipart(parts).send()).hasStatus(201);
        }

        @ParameterizedTest
        @ValueSource(strings = {"rgb-cut316.jpg", "rgb-flipped.png", "rgb-cut30.gif", "rgb-cut45.bmp", "rgb-cut88.tif", "lossy-cut63.webp"})
        void aTruncatedOrCorruptImageIsNotAValidImage(String sample) {
            Map<String, Object> parts = Map.of("label", String.valueOf(fixtures.label()), "label_image",
                    Images.sample(sample, "application/octet-stream"));

            assertThatResponse(api.post(SCANS).token(driver.token()).multipart(parts).send()).hasStatus(400).hasFieldError("label_image",
                    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.");
        }
    }
}
