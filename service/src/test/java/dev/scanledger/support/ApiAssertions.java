package dev.scanledger.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assertions on an {@link Api.Response} in the vocabulary of the DRF contract:
 * {@code assertThat(response).hasStatus(400).hasFieldError("label", "This field is required.")}.
 * JSON bodies are compared as trees, so key order and whitespace do not matter.
 */
public final class ApiAssertions extends AbstractAssert<ApiAssertions, Api.Response> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiAssertions(Api.Response actual) {
        super(actual, ApiAssertions.class);
    }

    public static ApiAssertions assertThatResponse(Api.Response response) {
        return new ApiAssertions(response);
    }

    public ApiAssertions hasStatus(int status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected status %d but was %s", status, actual);
        }
        return this;
    }

    /** The body is exactly this JSON (as a tree). */
    public ApiAssertions hasJson(String expectedJson) {
        isNotNull();
        JsonNode expected = JSON.readTree(expectedJson);
        JsonNode body;
        try {
            body = actual.json();
        } catch (RuntimeException e) {
            failWithMessage("Expected JSON %s but the body was not JSON: %s", expectedJson, actual);
            return this;
        }
        if (!expected.equals(body)) {
            failWithMessage("Expected body%n  %s%nbut was%n  %s", expected, actual);
        }
        return this;
    }

    /** DRF's {@code {"detail": "..."}} body. */
    public ApiAssertions hasDetail(String detail) {
        return hasJson(JSON.writeValueAsString(Map.of("detail", detail)));
    }

    /** DRF's ValidationError body naming one field (or "non_field_errors") with one message. */
    public ApiAssertions hasFieldError(String field, String message) {
        return hasJson(JSON.writeValueAsString(Map.of(field, List.of(message))));
    }

    /** The {@code detail} starts with this text (for messages quoting a parser's own words). */
    public ApiAssertions hasDetailStartingWith(String prefix) {
        isNotNull();
        JsonNode body = actual.json();
        assertThat(body.propertyNames()).as("keys of %s", actual).containsExactly("detail");
        assertThat(body.get("detail").asString()).as("detail of %s", actual).startsWith(prefix);
        return this;
    }

    public ApiAssertions hasHeader(String name, String value) {
        isNotNull();
        assertThat(actual.header(name)).as("header %s of %s", name, actual).isEqualTo(value);
        return this;
    }

    public ApiAssertions hasContentType(String mediaType) {
        isNotNull();
        assertThat(actual.header("Content-Type")).as("Content-Type of %s", actual).startsWith(mediaType);
        return this;
    }
}
