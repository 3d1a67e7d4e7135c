package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairLedgerTest {

    private static final ScanPair A = new ScanPair(1, 0);
    private static final ScanPair B = new ScanPair(1, 1);
    private static final String COMPACT_DUPLICATE = "{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}";

    @Test
    void oneCreatedAndTheRestDuplicatesWithMatchingRowsIsRight() {
        PairLedger ledger = new PairLedger();
        ledger.record(A, created(10));
        ledger.record(A, duplicate());
        ledger.record(A, duplicate());
        ledger.record(B, created(11));
        assertEquals(List.of(), PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L), B, List.of(11L))));
    }

    @Test
    void twoCreatesOfOnePairAreCaught() {
        PairLedger ledger = new PairLedger();
        ledger.record(A, created(10));
        ledger.record(A, created(12));
        List<String> problems = PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L)));
        assertTrue(problems.stream().anyMatch(p -> p.contains("2 answers 201")), problems.toString());
    }

    @Test
    void aPairWithoutAnyCreateIsCaughtEvenIfEveryCallFailed() {
        PairLedger ledger = new PairLedger();
        ledger.expect(A);
        List<String> problems = PairLedger.check(ledger.snapshot(), Map.of());
        assertTrue(problems.stream().anyMatch(p -> p.contains("0 answers 201")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("pairs sent: 1")), problems.toString());
    }

    @Test
    void a500OrAnyOtherBodyIsNotADuplicate() {
        PairLedger ledger = new PairLedger();
        ledger.record(A, created(10));
        ledger.record(A, new Answer(500, "{\"detail\":\"IntegrityError\"}", 1, null));
        ledger.record(A, new Answer(400, "{\"non_field_errors\":[\"Something else.\"]}", 1, null));
        assertEquals(2, ledger.snapshot().get(A).unexpected());
        assertEquals(1, PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L))).size());
    }

    @Test
    void rowsThatDisagreeWithTheAnswersAreCaught() {
        PairLedger ledger = new PairLedger();
        ledger.record(A, created(10));
        List<String> wrongId = PairLedger.check(ledger.snapshot(), Map.of(A, List.of(99L)));
        assertTrue(wrongId.stream().anyMatch(p -> p.contains("201 answered id 10")), wrongId.toString());
        List<String> stray = PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L), B, List.of(11L)));
        assertTrue(stray.stream().anyMatch(p -> p.contains("never sent")), stray.toString());
        assertTrue(stray.stream().anyMatch(p -> p.contains("rows for the labels sent: 2")), stray.toString());
    }

    @Test
    void theDuplicateBodyIsComparedByContentNotLayout() {
        assertTrue(DuplicateAnswer.matches(400, COMPACT_DUPLICATE));
        assertTrue(DuplicateAnswer.matches(400, DuplicateAnswer.BODY));
        assertTrue(DuplicateAnswer.matches(400, "{\n  \"non_field_errors\" : [ \"The fields label, phase must make a unique set.\" ]\n}"));
        assertTrue(!DuplicateAnswer.matches(400, "{\"non_field_errors\":[\"The fields label,phase must make a unique set.\"]}"));
        assertTrue(!DuplicateAnswer.matches(500, COMPACT_DUPLICATE));
    }

    private static Answer created(long id) {
        return new Answer(201, "{\"id\":" + id + ",\"label\":1}", 1, null);
    }

    private static Answer duplicate() {
        return new Answer(400, COMPACT_DUPLICATE, 1, null);
    }
}
