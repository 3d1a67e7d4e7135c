package dev.scanledger.loadtest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scenario's run: its figures and every problem found; it passed only without problems. */
public record ScenarioResult(String scenario, RunLimits limits, Measurement measurement, long writes, Map<String, Long> tallies,
                             Map<String, Latencies> groups, List<String> problems) {

    /** Problems of the run itself (server errors, dead clients) ahead of the scenario's own. */
    static ScenarioResult of(Scenario scenario, RunLimits limits, Measurement measurement, List<String> scenarioProblems) {
        List<String> problems = new ArrayList<>();
        if (measurement.serverErrors() > 0) {
            problems.add(measurement.serverErrors() + " answers 5xx");
        }
        measurement.clientFailures().forEach(f -> problems.add("client failed: " + f));
        problems.addAll(scenarioProblems);
        return new ScenarioResult(scenario.name(), limits, measurement, scenario.writes(), new LinkedHashMap<>(scenario.tallies()),
                new LinkedHashMap<>(scenario.latencyGroups()), List.copyOf(problems));
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    public double requestsPerSecond() {
        return measurement.perSecond(measurement.requests());
    }

    /** The scenario's own counts as one line, e.g. {@code items 8000, created 7200, duplicate 800}. */
    public String talliesText() {
        return String.join(", ", tallies.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    public void print(PrintStream out) {
        Latencies all = measurement.all();
        out.printf("scenario %s: %d clients, %d requests in %.1f s = %.0f requests/s%s%n", scenario, limits.clients(),
                measurement.requests(), measurement.seconds(), requestsPerSecond(),
                writes > 0 ? ", %d pairs = %.0f pairs/s".formatted(writes, measurement.perSecond(writes)) : "");
        out.printf("  latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", all.percentileMillis(50),
                all.percentileMillis(95), all.percentileMillis(99), all.maxMillis());
        for (Map.Entry<Integer, Latencies> status : measurement.byStatus().entrySet()) {
            Latencies l = status.getValue();
            out.printf("  status %s: %d  (p50 %.2f  p99 %.2f ms)%n", status.getKey() == 0 ? "none" : status.getKey(),
                    l.count(), l.percentileMillis(50), l.percentileMillis(99));
        }
        groups.forEach((group, l) -> out.printf("  %s: %d  (p50 %.2f  p99 %.2f ms)%n", group, l.count(), l.percentileMillis(50),
                l.percentileMillis(99)));
        if (!tallies.isEmpty()) {
            out.println("  " + talliesText());
        }
        out.println(passed() ? "  verified: OK" : "  FAILED:");
        problems.forEach(p -> out.println("    " + p));
    }
}
