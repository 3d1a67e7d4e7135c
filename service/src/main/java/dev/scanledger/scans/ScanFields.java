package dev.scanledger.scans;

import dev.scanledger.web.JsonBodies;
import java.util.Optional;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * One scan's input fields, from a JSON object or from a form, so the same DRF validation rules read
 * both. Form values are always strings; JSON values keep their JSON type.
 */
interface ScanFields {

    /** Empty when the field was not sent at all. */
    Optional<Value> get(String name);

    /** An uploaded file for the field, when the body was multipart. */
    default Optional<MultipartFile> file(String name) {
        return Optional.empty();
    }

    /** A field value: a JSON node, or the string a form sent (then {@code fromForm} is true). */
    record Value(JsonNode json, String formText) {

        boolean fromForm() {
            return formText != null;
        }

        boolean isNull() {
            return !fromForm() && json.isNull();
        }

        /** Python's str() of the value, as DRF compares choices. */
        String pythonString() {
            if (fromForm()) {
                return formText;
            }
            if (json.isBoolean()) {
                return json.booleanValue() ? "True" : "False";
            }
            return json.isString() ? json.stringValue() : json.toString();
        }

        /** Python's type name, as DRF's "received str" messages name it. */
        String pythonType() {
            return fromForm() ? "str" : JsonBodies.pythonTypeName(json);
        }
    }
}
