package dev.scanledger.loadtest;

import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.Optional;

/**
 * What came back for one call: a status, headers and body, or {@code status} 0 with the failure when
 * nothing came back.
 */
public record Answer(int status, String body, long latencyNanos, Throwable failure, HttpHeaders headers) {

    public static final int NO_ANSWER = 0;
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    public Answer {
        headers = headers == null ? NONE : headers;
    }

    /** An answer whose headers do not matter. */
    public Answer(int status, String body, long latencyNanos, Throwable failure) {
        this(status, body, latencyNanos, failure, NONE);
    }

    static Answer failed(Throwable failure, long latencyNanos) {
        return new Answer(NO_ANSWER, null, latencyNanos, failure, NONE);
    }

    /** The first value of a header, by name case-insensitively. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public boolean isServerError() {
        return status >= 500;
    }

    public String describe() {
        if (status == NO_ANSWER) {
            return "no answer (" + failure + ")";
        }
        String shown = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return status + " " + shown;
    }
}
