package dev.scanledger.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A serializer's fields as DRF's SimpleMetadata describes them under {@code actions} of an OPTIONS answer. */
public interface SerializerInfo {

    /** Field name to {@link Field}, in the serializer's order. */
    Map<String, Field> fields();

    /** No serializer: the view lists no actions. */
    final class None implements SerializerInfo {
        @Override
        public Map<String, Field> fields() {
            return Map.of();
        }
    }

    /**
     * SimpleMetadata.get_field_info: the type (its label_lookup name), required, read_only, label, and where set,
     * help_text, max_length, the children of a nested serializer and the choices of a writable choice field.
     */
    record Field(String type, boolean required, boolean readOnly, String label, String helpText, Integer maxLength,
            Map<String, Field> children, List<Choice> choices) {

        public static Field of(String type, boolean required, boolean readOnly, String label) {
            return new Field(type, required, readOnly, label, null, null, null, null);
        }

        public Field maxLength(int length) {
            return new Field(type, required, readOnly, label, helpText, length, children, choices);
        }

        public Field helpText(String text) {
            return new Field(type, required, readOnly, label, text, maxLength, children, choices);
        }

        public Field children(Map<String, Field> nested) {
            return new Field(type, required, readOnly, label, helpText, maxLength, nested, choices);
        }

        public Field choices(List<Choice> values) {
            return new Field(type, required, readOnly, label, helpText, maxLength, children, values);
        }

        /** The JSON object, keys in SimpleMetadata's order, unset ones left out. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            json.put("required", required);
            json.put("read_only", readOnly);
            json.put("label", label);
            if (helpText != null) {
                json.put("help_text", helpText);
            }
            if (maxLength != null) {
                json.put("max_length", maxLength);
            }
            if (children != null) {
                json.put("children", toJson(children));
            }
            if (choices != null && !readOnly) {
                json.put("choices", choices.stream().map(Choice::toJson).toList());
            }
            return json;
        }

        public static Map<String, Object> toJson(Map<String, Field> fields) {
            Map<String, Object> json = new LinkedHashMap<>();
            fields.forEach((name, field) -> json.put(name, field.toJson()));
            return json;
        }
    }

    record Choice(Object value, String displayName) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("value", value);
            json.put("display_name", displayName);
            return json;
        }
    }
}
