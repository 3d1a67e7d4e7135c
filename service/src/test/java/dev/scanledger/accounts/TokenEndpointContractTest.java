package dev.scanledger.accounts;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/auth/token/}: DRF's obtain_auth_token. */
@ApiTest
class TokenEndpointContractTest {

    static final String TOKEN = "/api/auth/token/";
    static final String INVALID_CREDENTIALS = "Unable to log in with provided credentials.";

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;

    Account driver;

    @BeforeEach
    void aDriver() {
        driver = fixtures.driver();
    }

    private Api.Response loginJson(String json) {
        return api.post(TOKEN).json(json).send();
    }

    private String credentials(String username, String password) {
        return "{\"username\": \"%s\", \"password\": \"%s\"}".formatted(username, password);
    }

    private static String tokenOf(Api.Response response) {
        assertThatResponse(response).hasStatus(200).hasContentType("application/json");
        assertThat(response.json().propertyNames()).containsExactly("token");
        String token = response.json().get("token").asString();
        assertThat(token).matches("[0-9a-f]{40}");
        return token;
    }

    private void assertTokenWorks(String token) {
        assertThatResponse(api.get("/api/scans/").token(token).send()).hasStatus(200);
    }

    @Test
    void jsonCredentialsGetAWorkingToken() {
        assertTokenWorks(tokenOf(loginJson(credentials(driver.username(), Fixtures.PASSWORD))));
    }

    @Test
    void formUrlencodedCredentialsGetAWorkingToken() {
        assertTokenWorks(tokenOf(api.post(TOKEN).form(Map.of("username", driver.username(), "password", Fixtures.PASSWORD)).send()));
    }

    @Test
    void multipartCredentialsGetAWorkingToken() {
        assertTokenWorks(tokenOf(api.post(TOKEN).multipart(Map.of("username", driver.username(), "password", Fixtures.PASSWORD)).send()));
    }

    @Test
    void theUsernameIsTrimmedButThePasswordIsNot() {
        tokenOf(loginJson(credentials("  " + driver.username() + " ", Fixtures.PASSWORD)));

        assertThatResponse(loginJson(credentials(driver.username(), " " + Fixtures.PASSWORD))).hasStatus(400)
                .hasFieldError("non_field_errors", INVALID_CREDENTIALS);
    }

    @Test
    void everyRoleCanObtainAToken() {
        tokenOf(loginJson(credentials(fixtures.account(Role.MANAGER).username(), Fixtures.PASSWORD)));
        tokenOf(loginJson(credentials(fixtures.account(Role.ADMIN).username(), Fixtures.PASSWORD)));
    }

    /**
     * Keys are stored hashed, so a login cannot hand back the existing key (DRF would): it issues one of its own,
     * and the first device's key keeps working.
     */
    @Test
    void aSecondLoginLeavesTheFirstDevicesKeyWorking() {
        String first = tokenOf(loginJson(credentials(driver.username(), Fixtures.PASSWORD)));
        String second = tokenOf(loginJson(credentials(driver.username(), Fixtures.PASSWORD)));

        assertThat(second).isNotEqualTo(first);
        assertTokenWorks(second);
        assertTokenWorks(first);
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsAWrongPasswordNotAServerError() {
        assertThatResponse(loginJson(credentials(driver.username(), Fixtures.PASSWORD + "x".repeat(100)))).hasStatus(400)
                .hasFieldError("non_field_errors", INVALID_CREDENTIALS);
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatResponse(loginJson(credentials(driver.username(), "wrong"))).hasStatus(400)
                .hasFieldError("non_field_errors", INVALID_CREDENTIALS);
    }

    @Test
    void anUnknownUsernameIsRefusedAlike() {
        assertThatResponse(loginJson(credentials("nobody-" + driver.username(), Fixtures.PASSWORD))).hasStatus(400)
                .hasFieldError("non_field_errors", INVALID_CREDENTIALS);
    }

    @Test
    void anInactiveUserIsRefusedAlike() {
        fixtures.deactivate(driver);

        assertThatResponse(loginJson(credentials(driver.username(), Fixtures.PASSWORD))).hasStatus(400)
                .hasFieldError("non_field_errors", INVALID_CREDENTIALS);
    }

    @Test
    void missingFieldsAreRequired() {
        assertThatResponse(loginJson("{}")).hasStatus(400).hasJson("""
                {"username": ["This field is required."], "password": ["This field is required."]}
                """);
        assertThatResponse(loginJson("{\"username\": \"someone\"}")).hasStatus(400)
                .hasFieldError("password", "This field is required.");
        assertThatResponse(api.post(TOKEN).form(Map.of("password", "x")).send()).hasStatus(400)
                .hasFieldError("username", "This field is required.");
    }

    @Test
    void aRequestWithoutBodyNamesBothFields() {
        assertThatResponse(api.post(TOKEN).send()).hasStatus(400).hasJson("""
                {"username": ["This field is required."], "password": ["This field is required."]}
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ""       | This field may not be blank.
            "   "    | This field may not be blank.
            null     | This field may not be null.
            true     | Not a valid string.
            ["a"]    | Not a valid string.
            {"a": 1} | Not a valid string.
            """)
    void anInvalidUsernameIsNamed(String json, String message) {
        assertThatResponse(loginJson("{\"username\": " + json + ", \"password\": \"x\"}")).hasStatus(400)
                .hasFieldError("username", message);
    }

    @Test
    void aNullCharacterInTheCredentialsIsRefusedOnTheField() {
        assertThatResponse(loginJson("{\"username\": \"a\\u0000b\", \"password\": \"x\\u0000\"}")).hasStatus(400).hasJson("""
                {"username": ["Null characters are not allowed."], "password": ["Null characters are not allowed."]}
                """);
        assertThatResponse(api.post(TOKEN).form(Map.of("username", "a\u0000b", "password", "x")).send()).hasStatus(400)
                .hasFieldError("username", "Null characters are not allowed.");
    }

    @Test
    void aBlankFormFieldMayNotBeBlank() {
        assertThatResponse(api.post(TOKEN).form(Map.of("username", "", "password", "")).send()).hasStatus(400).hasJson("""
                {"username": ["This field may not be blank."], "password": ["This field may not be blank."]}
                """);
    }

    @Test
    void aJsonBodyThatIsNotAnObjectIsInvalidData() {
        assertThatResponse(loginJson("[\"%s\", \"%s\"]".formatted(driver.username(), Fixtures.PASSWORD))).hasStatus(400)
                .hasFieldError("non_field_errors", "Invalid data. Expected a dictionary, but got list.");
    }

    @Test
    void malformedJsonIsAParseError() {
        assertThatResponse(loginJson("{\"username\": ")).hasStatus(400).hasDetailStartingWith("JSON parse error - ");
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        assertThatResponse(api.post(TOKEN).body("text/plain", "username=a".getBytes(StandardCharsets.UTF_8)).send())
                .hasStatus(415).hasDetail("Unsupported media type \"text/plain\" in request.");
    }

    @Test
    void anUnacceptableAcceptHeaderIs406AndLeavesTheTokenAsItWas() {
        Api.Response response = api.post(TOKEN).header("Accept", "text/html")
                .json(credentials(driver.username(), Fixtures.PASSWORD)).send();

        assertThatResponse(response).hasStatus(406).hasDetail("Could not satisfy the request Accept header.");
        assertTokenWorks(driver.token());
    }

    @Test
    void otherMethodsAreNotAllowedEvenWithoutAToken() {
        assertThatResponse(api.get(TOKEN).send()).hasStatus(405).hasDetail("Method \"GET\" not allowed.");
        assertThatResponse(api.put(TOKEN).json("{}").send()).hasStatus(405).hasDetail("Method \"PUT\" not allowed.");
        assertThat(api.get(TOKEN).send().header("Allow")).contains("POST");
    }

    @Test
    void anInvalidTokenHeaderIsRefusedEvenHere() {
        assertThatResponse(api.post(TOKEN).token("nope").json(credentials(driver.username(), Fixtures.PASSWORD)).send())
                .hasStatus(401).hasDetail("Invalid token.");
    }
}
