package dev.scanledger.loadtest;

/** What came back for one call: a status and body, or {@code status} 0 with the failure when nothing came back. */
public record Answer(int status, String body, long latencyNanos, Throwable failure) {

    public static final int NO_ANSWER = 0;

    static Answer failed(Throwable failure, long latencyNanos) {
        return new Answer(NO_ANSWER, null, latencyNanos, failure);
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
