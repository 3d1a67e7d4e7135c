package dev.scanledger.loadtest;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long the first answer of each volley took, apart from the others of the same volley. With many
 * volleys in flight on few cores, the others wait in the queue behind the first whatever they ask:
 * this is the baseline a duplicate's latency within its burst is read against.
 */
final class AnswerOrder {

    static final String FIRST = "first answer";
    static final String REST = "the rest";

    private final Latencies first = new Latencies();
    private final Latencies rest = new Latencies();

    /** The answers of one volley, as they come back. */
    static final class Volley {
        private final long[] latencies;
        private int answered;

        Volley(int calls) {
            latencies = new long[calls];
        }
    }

    /** Counts one answer; the volley's last answer sorts the volley's latencies into first and rest. */
    void record(Volley volley, Answer answer) {
        long[] complete;
        synchronized (volley) {
            volley.latencies[volley.answered++] = answer.latencyNanos();
            if (volley.answered < volley.latencies.length) {
                return;
            }
            complete = volley.latencies.clone();
        }
        Arrays.sort(complete);
        first.add(complete[0]);
        for (int i = 1; i < complete.length; i++) {
            rest.add(complete[i]);
        }
    }

    Map<String, Latencies> groups() {
        Map<String, Latencies> groups = new LinkedHashMap<>();
        groups.put(FIRST, first);
        groups.put(REST, rest);
        return groups;
    }
}
