package dev.scanledger.accounts;

import dev.scanledger.web.DrfView;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.JsonBodies;
import jakarta.servlet.http.HttpServletRequest;
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
    private final LoginThrottle throttle;

    TokenController(Users users, ApiTokens tokens, LoginThrottle throttle) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    // produces: an unacceptable Accept is refused (406) before a new key replaces the old one.
    @DrfView(name = "Obtain Auth Token", browsable = false, formatSuffix = false, serializer = AuthTokenSerializerInfo.class,
            parses = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @PostMapping(path = "/api/auth/token/", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> fromJson(HttpServletRequest request, @RequestBody(required = false) JsonNode body) {
        throttle.checkAddress(request);
        JsonNode object = JsonBodies.object(body);
        FieldErrors errors = new FieldErrors();
        String username = jsonText(errors, object, "username", true);
        String password = jsonText(errors, object, "password", false);
        return obtain(errors, username, password);
    }

    @DrfView(name = "Obtain Auth Token", browsable = false, formatSuffix = false, serializer = AuthTokenSerializerInfo.class,
            parses = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @PostMapping(path = "/api/auth/token/",
            consumes = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> fromForm(HttpServletRequest request, @RequestParam MultiValueMap<String, String> form) {
        throttle.checkAddress(request);
        FieldErrors errors = new FieldErrors();
        String username = text(errors, "username", form.getFirst("username"), true);
        String password = text(errors, "password", form.getFirst("password"), false);
        return obtain(errors, username, password);
    }

    private Map<String, String> obtain(FieldErrors errors, String username, String password) {
        errors.throwIfAny();
        throttle.checkUsername(username);
        long userId = users.authenticate(username, password)
                .orElseThrow(() -> FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, INVALID_CREDENTIALS));
        return Map.of("token", tokens.issue(userId));
    }

    /** DRF's CharField on a JSON value: numbers become their text; null, booleans, lists and objects are refused. */
    private static String jsonText(FieldErrors errors, JsonNode object, String field, boolean trim) {
        JsonNode value = object.get(field);
        if (value == null) {
            errors.add(field, "This field is required.");
            return null;
        }
        if (value.isNull()) {
            errors.add(field, "This field may not be null.");
            return null;
        }
        if (value.isBoolean() || value.isContainer()) {
            errors.add(field, "Not a valid string.");
            return null;
        }
        return text(errors, field, value.asString(), trim);
    }

    /** DRF's CharField: the username is trimmed, the password is taken as sent (trim_whitespace=False). */
    private static String text(FieldErrors errors, String field, String value, boolean trim) {
        if (value == null) {
            errors.add(field, "This field is required.");
            return null;
        }
        String text = trim ? value.strip() : value;
        if (text.isEmpty()) {
            errors.add(field, "This field may not be blank.");
        } else if (text.indexOf('\0') >= 0) {
            // DRF's ProhibitNullCharactersValidator; PostgreSQL text cannot hold NUL either
            errors.add(field, FieldErrors.NULL_CHARACTERS);
        }
        return text;
    }
}
