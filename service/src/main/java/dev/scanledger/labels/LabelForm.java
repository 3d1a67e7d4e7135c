package dev.scanledger.labels;

import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.JsonBodies;
import dev.scanledger.web.PrimaryKeys;
import tools.jackson.databind.JsonNode;

/** The fields of a new label, with DRF's messages: a factory pk and a code. */
final class LabelForm {

    static final int MAX_CODE_LENGTH = 255;

    private LabelForm() {
    }

    record NewLabel(long factory, String code) {
    }

    /** The label, or a {@link dev.scanledger.web.ValidationException} naming every bad field. */
    static NewLabel read(JsonNode body) {
        JsonNode fields = JsonBodies.object(body);
        FieldErrors errors = new FieldErrors();
        Long factory = factory(fields.get("factory"), errors);
        String code = code(fields.get("code"), errors);
        errors.throwIfAny();
        return new NewLabel(factory, code);
    }

    private static Long factory(JsonNode value, FieldErrors errors) {
        if (value == null) {
            errors.add("factory", "This field is required.");
            return null;
        }
        if (value.isNull() || value.isString() && value.stringValue().isEmpty()) {
            errors.add("factory", "This field may not be null.");
            return null;
        }
        Long pk = value.isNumber() ? PrimaryKeys.ofNumber(value) : value.isString() ? PrimaryKeys.ofText(value.stringValue()) : null;
        if (pk == null) {
            errors.add("factory", "Incorrect type. Expected pk value, received " + JsonBodies.pythonTypeName(value) + ".");
        } else if (pk < 1) {
            errors.add("factory", ConstraintErrors.missingReferenceMessage(value.isString() ? value.stringValue() : value.toString()));
        }
        return pk;
    }

    /** DRF's CharField: strings and numbers are accepted as text; blank or too long is refused. */
    private static String code(JsonNode value, FieldErrors errors) {
        if (value == null) {
            errors.add("code", "This field is required.");
            return null;
        }
        if (value.isNull()) {
            errors.add("code", "This field may not be null.");
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            errors.add("code", "Not a valid string.");
            return null;
        }
        String code = value.isString() ? value.stringValue().strip() : value.asString();
        if (code.isEmpty()) {
            errors.add("code", "This field may not be blank.");
        } else if (code.length() > MAX_CODE_LENGTH) {
            errors.add("code", "Ensure this field has no more than " + MAX_CODE_LENGTH + " characters.");
        } else if (code.indexOf('\0') >= 0) {
            // DRF's ProhibitNullCharactersValidator; PostgreSQL text cannot hold NUL (it was a 500).
            errors.add("code", FieldErrors.NULL_CHARACTERS);
        }
        return code;
    }
}
