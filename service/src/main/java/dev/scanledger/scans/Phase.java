package dev.scanledger.scans;

/** The original's ScanPhaseChoice, sent as integers on the wire. */
public enum Phase {
    UNKNOWN, FACTORY, DISTRIBUTION, STORE;

    public int code() {
        return ordinal();
    }

    static boolean isCode(String value) {
        return value.length() == 1 && value.charAt(0) >= '0' && value.charAt(0) < '0' + values().length;
    }
}
