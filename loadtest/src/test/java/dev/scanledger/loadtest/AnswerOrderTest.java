package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnswerOrderTest {

    private final AnswerOrder order = new AnswerOrder();

    @Test
    void aVolleysQuickestAnswerIsItsFirstWhicheverWasRecordedFirst() {
        AnswerOrder.Volley volley = new AnswerOrder.Volley(3);
        order.record(volley, answer(9));
        order.record(volley, answer(2));
        order.record(volley, answer(5));

        assertEquals(1, first().count());
        assertEquals(2.0, first().percentileMillis(50), 1e-9);
        assertEquals(2, rest().count());
        assertEquals(9.0, rest().maxMillis(), 1e-9);
    }

    @Test
    void aVolleyCountsOnlyOnceAllItsAnswersAreIn() {
        AnswerOrder.Volley volley = new AnswerOrder.Volley(3);
        order.record(volley, answer(1));
        order.record(volley, answer(4));

        assertEquals(0, first().count());
        assertEquals(0, rest().count());
    }

    private Latencies first() {
        return order.groups().get(AnswerOrder.FIRST);
    }

    private Latencies rest() {
        return order.groups().get(AnswerOrder.REST);
    }

    private static Answer answer(long millis) {
        return new Answer(201, "{}", millis * 1_000_000, null);
    }
}
