package dev.scanledger.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats timestamps as DRF does: Python's isoformat() in UTC, with "Z" for "+00:00". */
public final class DrfDateTimes {

    private static final DateTimeFormatter WITH_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter WHOLE_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private DrfDateTimes() {
    }

    public static String format(OffsetDateTime value) {
        if (value == null) {
            return null;
        }
        OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
        return (utc.getNano() == 0 ? WHOLE_SECONDS : WITH_MICROS).format(utc);
    }
}
