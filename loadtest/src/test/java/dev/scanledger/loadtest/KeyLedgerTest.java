package dev.scanledger.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyLedgerTest {

    private static final String BODY = "{\"id\":10,\"label\":7,\"phase\":0}";
    private static final String IN_FLIGHT = "{\"detail\":\"A request with this Idempotency-Key is still being processed. Retry it later.\"}";

    private static Answer answer(int status, String body, String... headers) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new Answer(status, body, 1, null, HttpHeaders.of(map, (n, v) -> true));
    }

    private static Answer executed() {
        return answer(201, BODY, "Content-Type", "application/json");
    }

    private static Answer replayed(String body) {
        return answer(201, body, "idempotent-replayed", "true");
    }

    private static Answer inFlight() {
        return answer(409, IN_FLIGHT, "Retry-After", "1");
    }

    private static Map<String, List<KeyLedger.StoredKey>> stored(long user, String body) {
        return Map.of("k", List.of(new KeyLedger.StoredKey(user, 201, body)));
    }

    private static KeyLedger ledger(Answer... first) {
        KeyLedger ledger = new KeyLedger();
        ledger.expect("k", 1);
        for (Answer answer : first) {
            ledger.record("k", false, answer);
        }
        return ledger;
    }

    @Test
    void answersAreToldApartByStatusHeaderAndBody() {
        assertEquals(KeyLedger.Kind.EXECUTED, KeyLedger.kind(executed()));
        assertEquals(KeyLedger.Kind.REPLAYED, KeyLedger.kind(replayed(BODY)));
        assertEquals(KeyLedger.Kind.IN_FLIGHT, KeyLedger.kind(inFlight()));
        assertEquals(KeyLedger.Kind.IN_FLIGHT, KeyLedger.kind(answer(409, KeyLedger.IN_FLIGHT_BODY, "retry-after", "1")));
        assertEquals(KeyLedger.Kind.OTHER, KeyLedger.kind(answer(409, IN_FLIGHT)), "a 409 without Retry-After");
        assertEquals(KeyLedger.Kind.OTHER, KeyLedger.kind(answer(409, "{\"detail\":\"other\"}", "Retry-After", "1")));
        assertEquals(KeyLedger.Kind.OTHER, KeyLedger.kind(answer(422, "{}")));
        assertEquals(KeyLedger.Kind.OTHER, KeyLedger.kind(answer(201, BODY, "Idempotent-Replayed", "false")));
        assertEquals(KeyLedger.Kind.OTHER, KeyLedger.kind(Answer.failed(new RuntimeException("reset"), 1)));
    }

    @Test
    void oneExecutionWithReplaysAndInFlightAnswersIsRight() {
        KeyLedger ledger = ledger(inFlight(), executed(), replayed(BODY), inFlight());
        ledger.record("k", true, replayed(BODY));
        assertEquals(List.of(), KeyLedger.check(ledger.snapshot(), stored(1, BODY), 4));
    }

    @Test
    void twoExecutionsOfOneKeyAreCaught() {
        List<String> problems = KeyLedger.check(ledger(executed(), executed()).snapshot(), stored(1, BODY), 2);
        assertTrue(problems.stream().anyMatch(p -> p.contains("2 executions")), problems.toString());
    }

    @Test
    void aReplayThatIsNotByteIdenticalIsCaught() {
        String reformatted = BODY.replace(",", ", ");
        List<String> problems = KeyLedger.check(ledger(executed(), replayed(reformatted)).snapshot(), stored(1, BODY), 2);
        assertTrue(problems.stream().anyMatch(p -> p.contains("replay differs")), problems.toString());
    }

    @Test
    void aLateRetryThatIsNotTheReplayIsCaught() {
        KeyLedger ledger = ledger(executed(), inFlight());
        ledger.record("k", true, inFlight());
        List<String> problems = KeyLedger.check(ledger.snapshot(), stored(1, BODY), 2);
        assertTrue(problems.stream().anyMatch(p -> p.contains("retry after the answers was IN_FLIGHT")), problems.toString());
    }

    @Test
    void missingCallsAndOtherAnswersAreCaught() {
        List<String> missing = KeyLedger.check(ledger(executed()).snapshot(), stored(1, BODY), 2);
        assertTrue(missing.stream().anyMatch(p -> p.contains("1 answers to the 2 concurrent calls")), missing.toString());
        List<String> other = KeyLedger.check(ledger(executed(), answer(500, "{}")).snapshot(), stored(1, BODY), 2);
        assertTrue(other.stream().anyMatch(p -> p.contains("neither the 201")), other.toString());
    }

    @Test
    void theStoredKeysMustMatchTheAnswers() {
        KeyLedger ledger = ledger(executed(), replayed(BODY));
        List<String> none = KeyLedger.check(ledger.snapshot(), Map.of(), 2);
        assertTrue(none.stream().anyMatch(p -> p.contains("rows for the keys sent: 0, keys sent: 1")), none.toString());
        assertTrue(none.stream().anyMatch(p -> p.contains("0 idempotency_keys rows")), none.toString());
        List<String> otherUser = KeyLedger.check(ledger.snapshot(), stored(2, BODY), 2);
        assertTrue(otherUser.stream().anyMatch(p -> p.contains("stored as user 2")), otherUser.toString());
        List<String> otherBody = KeyLedger.check(ledger.snapshot(), stored(1, "{}"), 2);
        assertTrue(otherBody.stream().anyMatch(p -> p.contains("stored body differs")), otherBody.toString());
        Map<String, List<KeyLedger.StoredKey>> stray = new java.util.HashMap<>(stored(1, BODY));
        stray.put("never", List.of(new KeyLedger.StoredKey(1, 201, BODY)));
        List<String> strayProblems = KeyLedger.check(ledger.snapshot(), stray, 2);
        assertTrue(strayProblems.stream().anyMatch(p -> p.contains("never: stored but never sent")), strayProblems.toString());
    }
}
