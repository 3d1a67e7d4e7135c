package dev.scanledger.web;

import java.util.List;
import java.util.Map;

/** A 400 whose body is the field-to-messages map, as DRF's ValidationError. */
public class ValidationException extends RuntimeException {

    private final transient Map<String, List<String>> errors;

    public ValidationException(Map<String, List<String>> errors) {
        super("Invalid input: " + errors, null, false, false);
        this.errors = errors;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
