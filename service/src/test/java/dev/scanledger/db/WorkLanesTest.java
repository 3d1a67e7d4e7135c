package dev.scanledger.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lane of one permit with two waiting places, raced by real threads. */
class WorkLanesTest {

    private static final long LABEL = 42;

    private final WorkLanes.Gates gates = lanesOfOnePermit().gates();
    private final ExecutorService others = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopOthers() {
        others.shutdownNow();
    }

    @Test
    void aFreedPermitGoesToTheWaitingWorkNotToANewcomer() throws Exception {
        List<String> entered = new CopyOnWriteArrayList<>();
        WorkLanes.Lane lane = gates.enter(WorkKind.CREATE, LABEL, true);
        Future<?> waiting = others.submit(() -> enterRecording(entered, "waiting"));
        Thread.sleep(100);

        // the thread that frees the permit asks again at once, while the waiting one is still counted as waiting
        lane.leave();
        enterRecording(entered, "newcomer");

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(entered).containsExactly("waiting", "newcomer");
    }

    @Test
    void workBeyondTheWaitingPlacesIsRefusedAtOnce() throws Exception {
        gates.enter(WorkKind.CREATE, LABEL, true);
        for (int i = 0; i < 2; i++) {
            others.submit(() -> gates.enter(WorkKind.CREATE, LABEL, true));
        }
        Thread.sleep(100);

        long start = System.nanoTime();
        assertThatThrownBy(() -> gates.enter(WorkKind.CREATE, LABEL, true)).isInstanceOf(WorkLanes.LaneFullException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void workThatMayNotWaitIsRefusedWhileThePermitIsHeld() {
        gates.enter(WorkKind.CREATE, LABEL, true);

        assertThatThrownBy(() -> gates.enter(WorkKind.CREATE, LABEL, false)).isInstanceOf(WorkLanes.LaneFullException.class);
    }

    private void enterRecording(List<String> entered, String name) {
        WorkLanes.Lane lane = gates.enter(WorkKind.CREATE, LABEL, true);
        entered.add(name);
        lane.leave();
    }

    private static WorkLanes lanesOfOnePermit() {
        Map<WorkKind, WorkLanes.Limits> lanes = new EnumMap<>(WorkKind.class);
        for (WorkKind kind : WorkKind.values()) {
            lanes.put(kind, new WorkLanes.Limits(1, 2, Duration.ofSeconds(5)));
        }
        return new WorkLanes(lanes);
    }
}
