package dev.scanledger.console;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** How the console writes phases and times; available to the templates as {@code @text}. */
@Component("text")
class ConsoleText {

    private static final String[] PHASES = {"Unknown", "Factory", "Distribution", "Store"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone = ZoneId.systemDefault();

    static String phaseName(int phase) {
        return phase >= 0 && phase < PHASES.length ? PHASES[phase] : String.valueOf(phase);
    }

    public String phase(int phase) {
        return phaseName(phase);
    }

    public String time(OffsetDateTime at) {
        return at == null ? "" : at.atZoneSameInstant(zone).format(TIME);
    }

    ZoneId zone() {
        return zone;
    }
}
