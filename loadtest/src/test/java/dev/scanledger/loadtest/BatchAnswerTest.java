package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchAnswerTest {

    private static final ScanPair A = new ScanPair(7, 0);
    private static final ScanPair B = new ScanPair(7, 1);
    private static final String DUPLICATE_ERRORS = "{\"non_field_errors\": [\"The fields label, phase must make a unique set.\"]}";

    private static String created(long id, ScanPair pair) {
        return "{\"status\": \"created\", \"scan\": {\"id\": %d, \"user\": {\"id\": 1, \"username\": \"d\"}, \"label\": %d, \"phase\": %d, "
                .formatted(id, pair.label(), pair.phase())
                + "\"distribution\": 2, \"store\": 3, \"label_coordinate\": {\"x\": 0.5, \"y\": 0.25}}}";
    }

    private static String duplicate(long id) {
        return "{\"status\":\"duplicate\",\"id\":" + id + ",\"errors\":" + DUPLICATE_ERRORS + "}";
    }

    private static Answer ok(String... results) {
        return new Answer(200, "[" + String.join(",", results) + "]", 1, null);
    }

    @Test
    void createdAndDuplicatesAreReadInInputOrder() {
        List<BatchAnswer.Item> items = BatchAnswer.judge(ok(created(10, A), duplicate(10), created(11, B)), List.of(A, A, B));
        assertEquals(List.of(new BatchAnswer.Created(10), new BatchAnswer.Duplicate(10), new BatchAnswer.Created(11)), items);
    }

    @Test
    void aCreatedScanOfAnotherPairThanSentIsWrong() {
        List<BatchAnswer.Item> items = BatchAnswer.judge(ok(created(10, B), created(11, A)), List.of(A, B));
        assertInstanceOf(BatchAnswer.Wrong.class, items.get(0));
        assertInstanceOf(BatchAnswer.Wrong.class, items.get(1));
    }

    @Test
    void invalidItemsAndDuplicatesWithoutDrfsErrorOrWithABadIdAreWrong() {
        List<BatchAnswer.Item> items = BatchAnswer.judge(ok(
                "{\"status\":\"invalid\",\"errors\":{\"label\":[\"Invalid pk \\\"9\\\" - object does not exist.\"]}}",
                "{\"status\":\"duplicate\",\"id\":\"five\",\"errors\":" + DUPLICATE_ERRORS + "}",
                "{\"status\":\"duplicate\",\"id\":5,\"errors\":{\"non_field_errors\":[\"Something else.\"]}}",
                "{\"status\":\"created\",\"scan\":{}}"), List.of(A, A, A, A));
        items.forEach(item -> assertInstanceOf(BatchAnswer.Wrong.class, item));
    }

    /** Another driver's scan holding the pair is not named by the service: a duplicate with no holder. */
    @Test
    void aDuplicateWithoutIdIsOneOfAnotherDriversScan() {
        List<BatchAnswer.Item> items = BatchAnswer.judge(ok("{\"status\":\"duplicate\",\"errors\":" + DUPLICATE_ERRORS + "}"), List.of(A));
        assertEquals(List.of(new BatchAnswer.Duplicate(PairLedger.UNKNOWN_ID)), items);
    }

    @Test
    void aFailedCallOrAWrongNumberOfResultsMakesEveryItemWrong() {
        for (Answer answer : List.of(new Answer(500, "{\"detail\":\"A server error occurred.\"}", 1, null),
                Answer.failed(new java.net.http.HttpTimeoutException("timeout"), 1),
                ok(created(10, A)),
                new Answer(200, "{\"status\":\"created\"}", 1, null),
                new Answer(200, "not json", 1, null))) {
            List<BatchAnswer.Item> items = BatchAnswer.judge(answer, List.of(A, B));
            assertEquals(2, items.size(), answer.describe());
            items.forEach(item -> assertInstanceOf(BatchAnswer.Wrong.class, item, answer.describe()));
        }
    }

    @Test
    void itemsFeedTheLedgerWhichChecksTheDuplicatesNameTheWinner() {
        PairLedger ledger = new PairLedger();
        List<ScanPair> sent = List.of(A, A, B);
        BatchAnswer.record(ledger, sent, BatchAnswer.judge(ok(created(10, A), duplicate(10), created(11, B)), sent));
        BatchAnswer.record(ledger, List.of(B), BatchAnswer.judge(ok(duplicate(11)), List.of(B)));
        assertEquals(List.of(), PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L), B, List.of(11L))));

        BatchAnswer.record(ledger, List.of(A), BatchAnswer.judge(ok(duplicate(99)), List.of(A)));
        List<String> problems = PairLedger.check(ledger.snapshot(), Map.of(A, List.of(10L), B, List.of(11L)));
        assertTrue(problems.stream().anyMatch(p -> p.contains("duplicates named ids [10, 99]")), problems.toString());
    }

    @Test
    void anInvalidItemIsReportedThroughTheLedger() {
        PairLedger ledger = new PairLedger();
        BatchAnswer.record(ledger, List.of(A), BatchAnswer.judge(ok("{\"status\":\"invalid\",\"errors\":{}}"), List.of(A)));
        List<String> problems = PairLedger.check(ledger.snapshot(), Map.of());
        assertTrue(problems.stream().anyMatch(p -> p.contains("neither a create nor the documented duplicate")), problems.toString());
    }
}
