package dev.scanledger.console;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The overview's figures, each one indexed range query on scans_created_idx or rejected_duplicates_newest_idx. */
@Component
class Overview {

    static final int PHASES = 4;
    private static final int HOURS = 24;

    private final JdbcClient jdbc;

    Overview(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts per phase (index = phase code). */
    record Figures(long[] today, long[] lastHour, long duplicatesToday, long activeDriversToday, long driverAccounts) {
        public long todayTotal() {
            long total = 0;
            for (long count : today) {
                total += count;
            }
            return total;
        }

        public long lastHourTotal() {
            long total = 0;
            for (long count : lastHour) {
                total += count;
            }
            return total;
        }
    }

    Figures figures(ZoneId zone) {
        OffsetDateTime dayStart = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.DAYS).toOffsetDateTime();
        long[] today = new long[PHASES];
        long[] lastHour = new long[PHASES];
        jdbc.sql("""
                SELECT phase,
                       count(*) FILTER (WHERE created_date >= :dayStart) AS today,
                       count(*) FILTER (WHERE created_date >= now() - interval '1 hour') AS last_hour
                  FROM scans
                 WHERE created_date >= least(CAST(:dayStart AS timestamptz), now() - interval '1 hour')
                 GROUP BY phase
                """)
                .param("dayStart", dayStart)
                .query(rs -> {
                    today[rs.getInt("phase")] = rs.getLong("today");
                    lastHour[rs.getInt("phase")] = rs.getLong("last_hour");
                });
        long duplicates = jdbc.sql("SELECT count(*) FROM rejected_duplicates WHERE rejected_at >= :dayStart")
                .param("dayStart", dayStart).query(Long.class).single();
        long activeDrivers = jdbc.sql("SELECT count(DISTINCT user_id) FROM scans WHERE created_date >= :dayStart")
                .param("dayStart", dayStart).query(Long.class).single();
        long accounts = jdbc.sql("SELECT count(*) FROM users WHERE role = 'driver' AND active").query(Long.class).single();
        return new Figures(today, lastHour, duplicates, activeDrivers, accounts);
    }

    record Bar(double x, double y, double width, double height, int phase, String title) {
    }

    record Tick(double x, String label) {
    }

    /** Scans per hour and phase over the last 24 hours, as stacked bars of an SVG drawn on the server. */
    record Chart(int width, int height, List<Bar> bars, List<Tick> ticks, long max) {
    }

    Chart chart(ZoneId zone) {
        ZonedDateTime firstHour = ZonedDateTime.now(zone).truncatedTo(ChronoUnit.HOURS).minusHours(HOURS - 1);
        Map<Long, long[]> perHour = new HashMap<>();
        jdbc.sql("""
                SELECT floor(extract(epoch FROM created_date - :first) / 3600)::int AS hour, phase, count(*) AS scans
                  FROM scans WHERE created_date >= :first GROUP BY 1, 2
                """)
                .param("first", firstHour.toOffsetDateTime())
                .query(rs -> {
                    perHour.computeIfAbsent(rs.getLong("hour"), h -> new long[PHASES])[rs.getInt("phase")] = rs.getLong("scans");
                });
        long max = 1;
        for (long[] counts : perHour.values()) {
            long sum = 0;
            for (long count : counts) {
                sum += count;
            }
            max = Math.max(max, sum);
        }
        int width = 720;
        int height = 200;
        int plot = height - 20;
        double slot = (double) width / HOURS;
        List<Bar> bars = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            long[] counts = perHour.getOrDefault((long) hour, new long[PHASES]);
            double top = plot;
            String label = firstHour.plusHours(hour).toLocalTime().toString();
            for (int phase = 0; phase < PHASES; phase++) {
                if (counts[phase] == 0) {
                    continue;
                }
                double h = plot * (double) counts[phase] / max;
                top -= h;
                bars.add(new Bar(hour * slot + 2, top, slot - 4, h, phase,
                        label + " " + ConsoleText.phaseName(phase) + ": " + counts[phase]));
            }
            if (hour % 3 == 0) {
                ticks.add(new Tick(hour * slot + 2, label));
            }
        }
        return new Chart(width, height, bars, ticks, max);
    }
}
