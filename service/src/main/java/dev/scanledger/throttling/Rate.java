package dev.scanledger.throttling;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** A DRF throttle rate, {@code "number/period"} with the period's first letter s, m, h or d ("10/min"). */
public record Rate(int requests, Duration period) {

    private static final Map<Character, Duration> PERIODS = Map.of(
            's', Duration.ofSeconds(1), 'm', Duration.ofMinutes(1), 'h', Duration.ofHours(1), 'd', Duration.ofDays(1));

    public Rate {
        if (requests < 1) {
            throw new IllegalArgumentException("a throttle rate allows at least one request");
        }
    }

    /** Null for a blank setting: no throttle. */
    public static Rate parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("/");
        Duration period = parts.length == 2 && !parts[1].isBlank()
                ? PERIODS.get(parts[1].trim().toLowerCase(Locale.ROOT).charAt(0)) : null;
        if (period == null) {
            throw new IllegalArgumentException("throttle rate \"" + text + "\" is not number/period (period s, m, h or d)");
        }
        return new Rate(Integer.parseInt(parts[0].trim()), period);
    }
}
