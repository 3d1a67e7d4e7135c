package dev.scanledger.console;

import dev.scanledger.web.ValidationException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reading the console's query and form fields: blank is absent, a malformed value is absent too (a search ignores it). */
final class Forms {

    private Forms() {
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Long number(String value) {
        String text = text(value);
        if (text == null || !text.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(text);
    }

    static LocalDate date(String value) {
        String text = text(value);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    /** DRF's {"field": ["message"]} as lines a person reads: "field: message". */
    static List<String> messages(ValidationException e) {
        return e.errors().entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(message -> label(entry) + message))
                .collect(Collectors.toList());
    }

    private static String label(Map.Entry<String, List<String>> entry) {
        return entry.getKey().equals("non_field_errors") ? "" : entry.getKey() + ": ";
    }
}
