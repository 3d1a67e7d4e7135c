package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkRunTest {

    private static final String OUTPUT = """
            Running 15s test @ http://127.0.0.1:8000
              2 threads and 64 connections
            WRK_RESULT requests=30000 duration_us=15000000 generated=30064 p50_us=20500 p95_us=40000 p99_us=55250 max_us=120000 \
            connect_errors=0 read_errors=0 write_errors=0 timeouts=0 non_2xx=0
            WRK_STATUS 201=30000
            """;

    @Test
    void readsTheFiguresAndStatusesTheScriptsPrint() {
        WrkRun.Result result = WrkRun.parse("create", 64, OUTPUT, 0);

        assertEquals(30000, result.requests());
        assertEquals(2000, result.perSecond(), 0.001);
        assertEquals(20.5, result.p50(), 0.001);
        assertEquals(55.25, result.p99(), 0.001);
        assertEquals(Map.of(201, 30000L), result.statuses());
        assertTrue(result.passed());
    }

    @Test
    void socketErrorsAndServerErrorsAreProblems() {
        String broken = OUTPUT.replace("timeouts=0", "timeouts=3").replace("WRK_STATUS 201=30000", "WRK_STATUS 201=29990 503=10");

        WrkRun.Result result = WrkRun.parse("create", 64, broken, 0);

        assertEquals(2, result.problems().size(), result.problems().toString());
    }

    @Test
    void noFiguresIsAProblem() {
        assertTrue(WrkRun.parse("create", 64, "unable to connect to 127.0.0.1:8000 Connection refused", 1).problems().get(0)
                .contains("Connection refused"));
    }
}
