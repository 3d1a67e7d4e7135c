package dev.scanledger.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The overview's figures and chart, which every open overview asks for every ten seconds. On a day of a
 * million scans, counting the day's rows at each request would cost seconds each time, so:
 * <ul>
 * <li>the answer is computed at most once per {@link #FRESH} for every browser of the instance;</li>
 * <li>the counts of the hours already over are kept for {@link #PAST_HOURS_KEPT} (they change only when
 *     history is imported or users are deleted), and only the current hour and the last 60 minutes are
 *     counted each time;</li>
 * <li>every count is an index-only range scan of scans_phase_created_idx, one per phase; active drivers are
 *     one probe of scans_user_newest_idx per driver, whatever the number of scans.</li>
 * </ul>
 */
@Component
class Overview {

    static final int PHASES = 4;
    private static final int HOURS = 24;
    static final Duration FRESH = Duration.ofSeconds(10);
    static final Duration PAST_HOURS_KEPT = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Clock clock;
    private Snapshot snapshot;
    private PastHours pastHours;

    @Autowired
    Overview(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    Overview(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Counts per phase (index = phase code). */
    record Figures(long[] today, long[] lastHour, long duplicatesToday, long activeDriversToday, long driverAccounts) {
        public long todayTotal() {
            return sum(today);
        }

        public long lastHourTotal() {
            return sum(lastHour);
        }
    }

    record Bar(double x, double y, double width, double height, int phase, String title) {
    }

    record Tick(double x, String label) {
    }

    /** Scans per hour and phase over the last 24 hours, as stacked bars of an SVG drawn on the server. */
    record Chart(int width, int height, List<Bar> bars, List<Tick> ticks, long max) {
    }

    record Snapshot(Instant at, ZoneId zone, Figures figures, Chart chart) {
    }

    /** Per hour start: counts per phase, for the completed hours since {@code from}. */
    private record PastHours(Instant computedAt, Instant from, Instant to, Map<Instant, long[]> counts) {
    }

    /** The figures and the chart as of at most {@link #FRESH} ago. */
    synchronized Snapshot now(ZoneId zone) {
        Instant now = clock.instant();
        if (snapshot == null || !snapshot.zone().equals(zone) || snapshot.at().plus(FRESH).isBefore(now)) {
            snapshot = compute(now, zone);
        }
        return snapshot;
    }

    private Snapshot compute(Instant now, ZoneId zone) {
        ZonedDateTime currentHour = now.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        Instant firstHour = currentHour.minusHours(HOURS - 1).toInstant();
        Instant dayStart = now.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
        Map<Instant, long[]> perHour = new HashMap<>(pastHours(now, firstHour, currentHour.toInstant()));
        // scans are written at the database's now(): none is a day ahead of this instance's clock
        perHour.putAll(countPerHour(currentHour.toInstant(), now.plus(Duration.ofDays(1))));
        long[] today = new long[PHASES];
        perHour.forEach((hour, counts) -> {
            if (!hour.isBefore(dayStart)) {
                for (int phase = 0; phase < PHASES; phase++) {
                    today[phase] += counts[phase];
                }
            }
        });
        Figures figures = new Figures(today, lastHour(now), duplicatesSince(dayStart), driversActiveSince(dayStart), driverAccounts());
        return new Snapshot(now, zone, figures, chart(perHour, firstHour, zone));
    }

    private Map<Instant, long[]> pastHours(Instant now, Instant from, Instant to) {
        if (pastHours == null || !pastHours.from().equals(from) || !pastHours.to().equals(to)
                || pastHours.computedAt().plus(PAST_HOURS_KEPT).isBefore(now)) {
            pastHours = new PastHours(now, from, to, countPerHour(from, to));
        }
        return pastHours.counts();
    }

    /** Scans per hour (aligned on {@code from}) and phase, from {@code from} up to {@code to}. */
    private Map<Instant, long[]> countPerHour(Instant from, Instant to) {
        Map<Instant, long[]> perHour = new HashMap<>();
        jdbc.sql("""
                SELECT p.phase, c.hour, c.scans
                  FROM generate_series(0, 3) AS p(phase),
                       LATERAL (SELECT date_bin('1 hour', s.created_date, CAST(:from AS timestamptz)) AS hour, count(*) AS scans
                                  FROM scans s
                                 WHERE s.phase = p.phase AND s.created_date >= :from AND s.created_date < :to
                                 GROUP BY 1) c
                """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .query(rs -> {
                    Instant hour = rs.getObject("hour", OffsetDateTime.class).toInstant();
                    perHour.computeIfAbsent(hour, h -> new long[PHASES])[rs.getInt("phase")] = rs.getLong("scans");
                });
        return perHour;
    }

    private long[] lastHour(Instant now) {
        long[] counts = new long[PHASES];
        jdbc.sql("""
                SELECT p.phase, (SELECT count(*) FROM scans s WHERE s.phase = p.phase AND s.created_date >= :since) AS scans
                  FROM generate_series(0, 3) AS p(phase)
                """)
                .param("since", OffsetDateTime.ofInstant(now.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .query(rs -> {
                    counts[rs.getInt("phase")] = rs.getLong("scans");
                });
        return counts;
    }

    private long duplicatesSince(Instant dayStart) {
        return jdbc.sql("SELECT count(*) FROM rejected_duplicates WHERE rejected_at >= :since")
                .param("since", OffsetDateTime.ofInstant(dayStart, ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Drivers with a scan since {@code dayStart}: one index probe per driver, however many scans there are. */
    private long driversActiveSince(Instant dayStart) {
        return jdbc.sql("""
                SELECT count(*) FROM users u
                 WHERE u.role = 'driver' AND EXISTS (SELECT FROM scans s WHERE s.user_id = u.id AND s.created_date >= :since)
                """)
                .param("since", OffsetDateTime.ofInstant(dayStart, ZoneOffset.UTC)).query(Long.class).single();
    }

    private long driverAccounts() {
        return jdbc.sql("SELECT count(*) FROM users WHERE role = 'driver' AND active").query(Long.class).single();
    }

    private static Chart chart(Map<Instant, long[]> perHour, Instant firstHour, ZoneId zone) {
        long max = 1;
        for (long[] counts : perHour.values()) {
            max = Math.max(max, sum(counts));
        }
        int width = 720;
        int height = 200;
        int plot = height - 20;
        double slot = (double) width / HOURS;
        List<Bar> bars = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            Instant start = firstHour.plus(Duration.ofHours(hour));
            long[] counts = perHour.getOrDefault(start, new long[PHASES]);
            double top = plot;
            String label = start.atZone(zone).toLocalTime().toString();
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

    private static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }
}
