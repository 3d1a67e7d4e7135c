package dev.scanledger.scans;

/** A validated scan as sent by the app; references not yet checked against the database. */
record NewScan(long label, int phase, Long distribution, Long store, String coordinateJson, ScanImage image) {
}
