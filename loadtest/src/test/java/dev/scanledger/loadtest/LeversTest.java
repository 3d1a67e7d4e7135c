package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scanledger.loadtest.Levers.JvmRound;
import dev.scanledger.loadtest.Levers.Ratio;
import dev.scanledger.loadtest.Levers.Variant;
import dev.scanledger.loadtest.Levers.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LeversTest {

    private static final double EXACT = 1e-9;
    private static final ToDoubleFunction<JvmRound> CREATE_MS = w -> w.creates().serviceMs();

    /** Three JVMs over three rounds: service CPU ms per create, [round][copy]. */
    private static final double[][] BASELINE = {{1.0, 1.1, 1.2}, {1.0, 1.0, 1.3}, {0.9, 1.0, 1.1}};
    /** Means 1.1, 1.21 and 0.9: ratios to the baseline's means (1.1, 1.1, 1.0) of 1.0, 1.1 and 0.9. */
    private static final double[][] VARIANT = {{0.99, 1.1, 1.21}, {1.21, 1.21, 1.21}, {0.8, 0.9, 1.0}};

    @Test
    void aRoundsRatioIsTheMeanOverTheVariantsJvmsOverTheMeanOverTheBaselines() {
        Ratio ratio = Ratio.of(windows(VARIANT), windows(BASELINE), CREATE_MS);
        assertEquals(1.0, ratio.median(), EXACT);
        assertEquals(0.9, ratio.min(), EXACT);
        assertEquals(1.1, ratio.max(), EXACT);
    }

    @Test
    void theSpreadIsTheMedianOverRoundsOfTheDearestJvmOverTheCheapest() {
        // baseline per round: 1.2 / 1.0, 1.3 / 1.0, 1.1 / 0.9
        assertEquals(1.1 / 0.9, Levers.spread(windows(BASELINE), CREATE_MS), EXACT);
        // variant per round: 1.21 / 0.99, 1, 1.0 / 0.8
        assertEquals(1.21 / 0.99, Levers.spread(windows(VARIANT), CREATE_MS), EXACT);
    }

    @Test
    void oneJvmPerVariantHasNoSpreadAndTheRatioOfItsWindows() {
        List<JvmRound> baseline = windows(new double[][] {{2.0}, {4.0}});
        List<JvmRound> variant = windows(new double[][] {{1.0}, {5.0}});
        assertEquals(1.0, Levers.spread(baseline, CREATE_MS), EXACT);
        Ratio ratio = Ratio.of(variant, baseline, CREATE_MS);
        assertEquals(0.875, ratio.median(), EXACT); // of 0.5 and 1.25
        assertEquals(0.5, ratio.min(), EXACT);
        assertEquals(1.25, ratio.max(), EXACT);
    }

    @Test
    void aRoundTheBaselineDidNotMeasureCountsForNothing() {
        List<JvmRound> baseline = windows(new double[][] {{2.0, 2.0}});
        List<JvmRound> variant = windows(new double[][] {{1.0, 3.0}, {9.0, 9.0}});
        Ratio ratio = Ratio.of(variant, baseline, CREATE_MS);
        assertEquals(1.0, ratio.median(), EXACT);
        assertEquals(1.0, ratio.max(), EXACT);
        assertTrue(Double.isNaN(Ratio.of(variant, List.of(), CREATE_MS).median()));
    }

    @Test
    void theFigureChoosesTheWindow() {
        List<JvmRound> baseline = List.of(new JvmRound(1, 1, new Window(100, 1.0, 10), new Window(400, 0.5, 5)));
        List<JvmRound> variant = List.of(new JvmRound(1, 1, new Window(200, 1.0, 10), new Window(100, 0.25, 5)));
        assertEquals(2.0, Ratio.of(variant, baseline, w -> w.creates().perSecond()).median(), EXACT);
        assertEquals(0.5, Ratio.of(variant, baseline, w -> w.reads().serviceMs()).median(), EXACT);
        assertEquals(0.25, Ratio.of(variant, baseline, w -> w.reads().perSecond()).median(), EXACT);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Levers.median(new double[] {4, 1, 3, 2}), EXACT);
        assertEquals(3.0, Levers.median(new double[] {5, 3, 1}), EXACT);
        assertTrue(Double.isNaN(Levers.median(new double[0])));
    }

    @Test
    void aRunOnlyStartsTheJvmsWhosePoolsPostgresqlCanHoldAtOnce() {
        Map<String, Variant> known = Levers.variants(Path.of("/jdk17"), null, Path.of("scanledger.jar"));
        // Each JVM holds its pool of 16 and a listener; the tool holds 2. Seven variants of 3 JVMs: 21 * 17 + 2 = 359 of 400.
        List<Variant> seven = new ArrayList<>(List.of(known.get("baseline"), known.get("baseline-again"), known.get("serial-gc"),
                known.get("parallel-gc"), known.get("fixed-heap"), known.get("heap-256m"), known.get("heap-192m")));
        assertDoesNotThrow(() -> Levers.checkConnections(seven, 3));
        List<Variant> eight = new ArrayList<>(seven);
        eight.add(known.get("small-stacks"));
        assertThrows(IllegalArgumentException.class, () -> Levers.checkConnections(eight, 3));
        assertDoesNotThrow(() -> Levers.checkConnections(eight, 2));
        // pool-32's JVMs hold 33 each: 3 * (6 * 17 + 33) + 2 = 407.
        List<Variant> withLargePool = new ArrayList<>(seven.subList(0, 6));
        withLargePool.add(known.get("pool-32"));
        assertThrows(IllegalArgumentException.class, () -> Levers.checkConnections(withLargePool, 3));
    }

    @Test
    void anotherBuildRunsOnTheToolsJdkWithTheReadmesOptionsAndAnyGiven() {
        Variant variant = Levers.otherBuild("hikari=other.jar;-Dx=1", Path.of("/jdk17"), Path.of("/jdk25"));

        assertEquals("hikari", variant.name());
        assertEquals(Path.of("/jdk17"), variant.javaHome());
        assertEquals(Path.of("other.jar").toAbsolutePath(), variant.jar());
        assertEquals(List.of("-Xmx128m", "-Dx=1"), variant.jvmOptions());
    }

    @Test
    void anotherBuildAskingForJdk25RunsOnIt() {
        Variant variant = Levers.otherBuild("hikari=other.jar;jdk=25;-Dx=1", Path.of("/jdk17"), Path.of("/jdk25"));

        assertEquals(Path.of("/jdk25"), variant.javaHome());
        assertEquals(List.of("-Xmx128m", "-Dx=1"), variant.jvmOptions());
        assertThrows(IllegalArgumentException.class, () -> Levers.otherBuild("hikari=other.jar;jdk=25", Path.of("/jdk17"), null));
    }

    @Test
    void anotherBuildWithoutANameOrAPathIsAUsageError() {
        assertThrows(IllegalArgumentException.class, () -> Levers.otherBuild("other.jar", Path.of("/jdk17"), null));
        assertThrows(IllegalArgumentException.class, () -> Levers.otherBuild("hikari=", Path.of("/jdk17"), null));
    }

    @Test
    void virtualThreadsAreAVariantOfJdk25Only() {
        assertEquals(null, Levers.variants(Path.of("/jdk17"), null, Path.of("scanledger.jar")).get("virtual-threads"));
        assertEquals(Path.of("/jdk25"), Levers.variants(Path.of("/jdk17"), Path.of("/jdk25"), Path.of("scanledger.jar"))
                .get("jdk25-virtual-threads").javaHome());
    }

    /** Windows of JVMs, [round][copy]: service CPU ms per create as given, the rest the same everywhere. */
    private static List<JvmRound> windows(double[][] createMs) {
        List<JvmRound> windows = new ArrayList<>();
        for (int round = 0; round < createMs.length; round++) {
            for (int copy = 0; copy < createMs[round].length; copy++) {
                windows.add(new JvmRound(copy + 1, round + 1, new Window(1000, createMs[round][copy], 50), new Window(2000, 0.5, 20)));
            }
        }
        return windows;
    }
}
