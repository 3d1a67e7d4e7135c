package dev.scanledger.accounts;

import dev.scanledger.web.FieldErrors;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** DRF's obtain_auth_token: username and password in, the user's key out. */
@RestController
class TokenController {

    private static final String INVALID_CREDENTIALS = "Unable to log in with provided credentials.";

    private final Users users;
    private final ApiTokens tokens;

    TokenController(Users users, ApiTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @PostMapping(path = "/api/auth/token/", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> fromJson(@RequestBody(required = false) JsonNode body) {
        return obtain(text(body, "username"), text(body, "password"));
    }

    @PostMapping(path = "/api/auth/token/",
            consumes = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE})
    Map<String, String> fromForm(@RequestParam MultiValueMap<String, String> form) {
        return obtain(form.getFirst("username"), form.getFirst("password"));
    }

    private Map<String, String> obtain(String username, String password) {
        FieldErrors errors = new FieldErrors();
        requireText(errors, "username", username);
        requireText(errors, "password", password);
        errors.throwIfAny();
        long userId = users.authenticate(username, password)
                .orElseThrow(() -> FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, INVALID_CREDENTIALS));
        return Map.of("token", tokens.issue(userId));
    }

    private static void requireText(FieldErrors errors, String field, String value) {
        if (value == null) {
            errors.add(field, "This field is required.");
        } else if (value.isBlank()) {
            errors.add(field, "This field may not be blank.");
        } else if (value.indexOf('\0') >= 0) {
            // DRF's ProhibitNullCharactersValidator; PostgreSQL text cannot hold NUL (it was a 500).
            errors.add(field, "Null characters are not allowed.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString();
    }
}
