package dev.scanledger.scans;

/** The list's optional {@code ?label=} and {@code ?phase=} filters. */
record ScanFilter(Long label, Integer phase) {
}
