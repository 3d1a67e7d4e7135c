package dev.scanledger.scans;

/** Recognises the scan API's answers, for the features that count or show them. */
public final class ScanAnswers {

    private ScanAnswers() {
    }

    /** Whether the exception is the duplicate scan's 400 ("The fields label, phase must make a unique set."). */
    public static boolean isDuplicate(Throwable answer) {
        return ScanRecorder.isDuplicate(answer);
    }
}
