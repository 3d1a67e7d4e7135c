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

    /** PostgreSQL text cannot hold NUL, so a search drops it rather than fail. */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String text = value.replace("\0", "").strip();
        return text.isEmpty() ? null : text;
    }

    /** The constant of {@code type} named by the value in any case ("driver" for DRIVER), else null. */
    static <E extends Enum<E>> E choice(String value, Class<E> type) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        return null;
    }

    static Long number(String value) {
        String text = text(value);
        if (text == null || !text.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(text);
    }

    /** A day of the years 1 to 9999 (PostgreSQL's timestamps end long before LocalDate's). */
    static LocalDate date(String value) {
        String text = text(value);
        try {
            LocalDate date = text == null ? null : LocalDate.parse(text);
            return date == null || date.getYear() < 1 || date.getYear() > 9999 ? null : date;
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
