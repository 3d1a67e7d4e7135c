package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverEveryValue() {
        Latencies latencies = new Latencies();
        for (int ms = 100; ms >= 1; ms--) { // out of order on purpose
            latencies.add(ms * 1_000_000L);
        }
        assertEquals(50.0, latencies.percentileMillis(50));
        assertEquals(95.0, latencies.percentileMillis(95));
        assertEquals(99.0, latencies.percentileMillis(99));
        assertEquals(100.0, latencies.maxMillis());
        assertEquals(1.0, latencies.percentileMillis(0.1));
    }

    @Test
    void aSingleSlowCallIsTheP99OfFewCalls() {
        Latencies latencies = new Latencies();
        for (int i = 0; i < 9; i++) {
            latencies.add(1_000_000L);
        }
        latencies.add(500_000_000L);
        assertEquals(500.0, latencies.percentileMillis(99));
        assertEquals(1.0, latencies.percentileMillis(90));
    }

    @Test
    void addingAfterReadingKeepsPercentilesRight() {
        Latencies latencies = new Latencies();
        latencies.add(3_000_000L);
        assertEquals(3.0, latencies.percentileMillis(50));
        latencies.add(1_000_000L);
        latencies.add(2_000_000L);
        assertEquals(2.0, latencies.percentileMillis(50));
        assertEquals(3, latencies.count());
    }

    @Test
    void noCallsHaveNoPercentiles() {
        assertTrue(Double.isNaN(new Latencies().percentileMillis(99)));
    }
}
