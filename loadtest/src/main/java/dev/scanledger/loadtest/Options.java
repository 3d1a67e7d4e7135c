package dev.scanledger.loadtest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} arguments with defaults. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    Options(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --name value, got " + name);
            }
            values.put(name.substring(2), args.get(++i));
        }
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    int integer(String name, int otherwise) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : otherwise;
    }

    long number(String name, long otherwise) {
        return values.containsKey(name) ? Long.parseLong(values.get(name)) : otherwise;
    }

    double decimal(String name, double otherwise) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : otherwise;
    }

    /** {@code yes}/{@code true} or {@code no}/{@code false}. */
    boolean flag(String name, boolean otherwise) {
        if (!values.containsKey(name)) {
            return otherwise;
        }
        return switch (values.get(name)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException("--" + name + " takes yes or no");
        };
    }

    /** Seconds, as in {@code --duration 10}. */
    Duration seconds(String name, long otherwise) {
        return Duration.ofSeconds(number(name, otherwise));
    }

    List<String> list(String name, String otherwise) {
        return List.of(text(name, otherwise).split(","));
    }
}
