package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpaces() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 30 0 1000 100000 2000";
        assertEquals(3.0, CpuTime.fromStat(stat, false));
        assertEquals(3.1, CpuTime.fromStat(stat, true), 1e-9);
    }
}
