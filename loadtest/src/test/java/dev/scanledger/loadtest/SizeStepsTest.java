package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeStepsTest {

    @Test
    void ofTwoPassesAStepKeepsTheOneOfLowerCpuPerRequest() {
        SizeSteps.Row first = pass(1_000, 1.2, 0.6, 216_000);
        SizeSteps.Row second = pass(1_100, 1.0, 0.5, 237_600);

        SizeSteps.Row kept = first.cheaper(second);

        assertEquals(1.5 * 1000 / 1_100, kept.cpuMillisPerUnit(), 1e-9);
        assertEquals(216, kept.buffersPerUnit(), 1e-9);
        assertEquals(kept, second.cheaper(first));
    }

    @Test
    void aProblemOfEitherPassStaysWithTheStep() {
        SizeSteps.Row cheap = new SizeSteps.Row("retrieve", "request", 1_000, 10, new CpuTime(0.5, 0.5, 0.1), 11_000, 0, 2, 5,
                List.of("3 answers were not 200"));
        SizeSteps.Row dear = pass(1_000, 1.0, 1.0, 11_000);

        assertEquals(List.of("3 answers were not 200"), dear.cheaper(cheap).problems());
        assertEquals(List.of("3 answers were not 200"), cheap.cheaper(dear).problems());
    }

    private static SizeSteps.Row pass(long requests, double serviceSeconds, double postgresSeconds, long buffers) {
        return new SizeSteps.Row("retrieve", "request", requests, 10, new CpuTime(serviceSeconds, postgresSeconds, 0.1), buffers, 0, 2, 5,
                List.of());
    }
}
