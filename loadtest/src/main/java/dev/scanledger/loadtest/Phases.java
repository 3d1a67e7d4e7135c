package dev.scanledger.loadtest;

/** The scan phases (0 unknown, 1 factory, 2 distribution, 3 store): each label can take one scan of each. */
final class Phases {

    static final int COUNT = 4;

    private Phases() {
    }

    /** The n-th pair over the given labels, all phases of a label before the next label. */
    static ScanPair pair(long[] labels, long n) {
        return new ScanPair(labels[(int) (n / COUNT)], (int) (n % COUNT));
    }
}
