package dev.scanledger.scans;

import dev.scanledger.scans.ScanFields.Value;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.PrimaryKeys;
import dev.scanledger.web.ValidationException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original ScanSerializer's field rules, with DRF's messages. Read-only fields (id, user,
 * label_quality, dates) and unknown fields are ignored, as DRF ignores them.
 */
@Component
class ScanForm {

    static final String REQUIRED = "This field is required.";
    static final String NOT_NULL = "This field may not be null.";
    static final String INVALID_JSON = "Value must be valid JSON.";

    private final JsonMapper json;
    private final ScanImages images;
    private final ScanReferences references;

    ScanForm(JsonMapper json, ScanImages images, ScanReferences references) {
        this.json = json;
        this.images = images;
        this.references = references;
    }

    /** The scan, or a {@link ValidationException} listing every invalid field. */
    NewScan read(ScanFields fields) {
        FieldErrors errors = new FieldErrors();
        Long label = primaryKey(fields, "label", true, errors);
        int phase = phase(fields, errors);
        Long distribution = primaryKey(fields, "distribution", false, errors);
        Long store = primaryKey(fields, "store", false, errors);
        String coordinate = coordinate(fields, errors);
        ScanImage image = image(fields, errors);
        if (!errors.isEmpty()) {
            // DRF looks every relation up while validating fields, so its 400 names all bad ones at once.
            references.addMissing(errors, valid(errors, "label", label), valid(errors, "distribution", distribution),
                    valid(errors, "store", store));
            errors.throwIfAny();
        }
        return new NewScan(label, phase, distribution, store, coordinate, image);
    }

    private static Long valid(FieldErrors errors, String field, Long pk) {
        return errors.has(field) ? null : pk;
    }

    /** DRF's PrimaryKeyRelatedField: an integer, or a string of one; "" is null where null is allowed. */
    private static Long primaryKey(ScanFields fields, String name, boolean required, FieldErrors errors) {
        Optional<Value> sent = fields.get(name);
        if (sent.isEmpty()) {
            if (required) {
                errors.add(name, REQUIRED);
            }
            return null;
        }
        Value value = sent.get();
        // DRF turns "" into null for relations before checking whether null is allowed.
        if (value.isNull() || (isStringLike(value) && value.pythonString().isEmpty())) {
            if (required) {
                errors.add(name, NOT_NULL);
            }
            return null;
        }
        Long pk = asPk(value);
        if (pk == null) {
            errors.add(name, "Incorrect type. Expected pk value, received " + value.pythonType() + ".");
        } else if (pk < 1) {
            errors.add(name, "Invalid pk \"" + value.pythonString() + "\" - object does not exist.");
        }
        return pk;
    }

    private static boolean isStringLike(Value value) {
        return value.fromForm() || value.json().isString();
    }

    private static Long asPk(Value value) {
        if (!value.fromForm() && value.json().isNumber()) {
            return PrimaryKeys.ofNumber(value.json());
        }
        return isStringLike(value) ? PrimaryKeys.ofText(value.pythonString()) : null;
    }

    /**
     * DRF's ChoiceField compares str(value) with the choices, so 1 and "1" are both phase 1. The field is not
     * required (the model has a default), so in a form an empty value counts as not sent (DRF's Field.get_value).
     */
    private static int phase(ScanFields fields, FieldErrors errors) {
        Optional<Value> sent = fields.get("phase");
        if (sent.isEmpty() || sent.get().fromForm() && sent.get().formText().isEmpty()) {
            return Phase.UNKNOWN.code();
        }
        Value value = sent.get();
        if (value.isNull()) {
            errors.add("phase", NOT_NULL);
            return Phase.UNKNOWN.code();
        }
        String text = value.pythonString();
        if (value.json() != null && !value.json().isValueNode() || !Phase.isCode(text)) {
            errors.add("phase", "\"" + text + "\" is not a valid choice.");
            return Phase.UNKNOWN.code();
        }
        return Integer.parseInt(text);
    }

    /**
     * DRF's JSONField: any JSON value; from a form, the text must parse as JSON, an empty or blank one too (JSONField
     * reads form input itself, without the empty-value rule of other fields). What PostgreSQL's jsonb
     * cannot hold is refused here rather than by the insert: a number beyond double range (it would
     * be written as "Infinity") and the NUL character (as DRF's CharField refuses it).
     */
    private String coordinate(ScanFields fields, FieldErrors errors) {
        Optional<Value> sent = fields.get("label_coordinate");
        if (sent.isEmpty() || sent.get().isNull()) {
            return null;
        }
        Value value = sent.get();
        JsonNode node;
        if (value.fromForm()) {
            try {
                node = json.readTree(value.formText());
            } catch (JacksonException e) {
                node = null;
            }
            if (node == null || node.isMissingNode()) {
                errors.add("label_coordinate", INVALID_JSON);
                return null;
            }
        } else {
            node = value.json();
        }
        String problem = jsonbProblem(node);
        if (problem != null) {
            errors.add("label_coordinate", problem);
            return null;
        }
        return node.toString();
    }

    /** Why PostgreSQL's jsonb would refuse the value, in DRF's words, or null when it would not. */
    private static String jsonbProblem(JsonNode node) {
        if (node.isString()) {
            return node.stringValue().indexOf('\0') >= 0 ? FieldErrors.NULL_CHARACTERS : null;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) && !node.isBigDecimal()) {
            return INVALID_JSON;
        }
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                if (name.indexOf('\0') >= 0) {
                    return FieldErrors.NULL_CHARACTERS;
                }
                String problem = jsonbProblem(node.get(name));
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = jsonbProblem(element);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private ScanImage image(ScanFields fields, FieldErrors errors) {
        Optional<MultipartFile> file = fields.file("label_image");
        if (file.isPresent()) {
            return images.check(file.get(), errors);
        }
        Optional<Value> sent = fields.get("label_image");
        if (sent.isEmpty() || sent.get().isNull() || (sent.get().fromForm() && sent.get().formText().isEmpty())) {
            return null;
        }
        errors.add("label_image", "The submitted data was not a file. Check the encoding type on the form.");
        return null;
    }
}
