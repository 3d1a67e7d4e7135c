package dev.scanledger.web;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** DRF's rule for a JSON body that must be an object: empty means {}, anything else is refused. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode object(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS,
                    "Invalid data. Expected a dictionary, but got " + pythonTypeName(body) + ".");
        }
        return body;
    }

    /** The Python type name DRF's messages use for a parsed JSON value ("str", "list", ...). */
    public static String pythonTypeName(JsonNode node) {
        if (node.isObject()) {
            return "dict";
        }
        if (node.isArray()) {
            return "list";
        }
        if (node.isString()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        return node.isNumber() ? "float" : "NoneType";
    }
}
