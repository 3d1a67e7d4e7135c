package dev.scanledger.scans;

/** An uploaded label photo whose bytes were recognised as one of the accepted formats. */
record ScanImage(byte[] bytes, String extension) {
}
