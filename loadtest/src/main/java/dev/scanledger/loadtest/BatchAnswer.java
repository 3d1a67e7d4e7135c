package dev.scanledger.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges the answer to one batch sync call, item by item, against the pairs sent in that order:
 * 200 with one result per item, {@code created} with the scan of that very (label, phase),
 * {@code duplicate} with DRF's unique-together error (and the id of the scan holding the pair when that
 * scan is the caller's own), nothing
 * else. Anything wrong with the call as a whole (a non-200, a body that is not an array of as many
 * results) makes every item of it wrong.
 */
final class BatchAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode DUPLICATE_ERRORS = JSON.readTree(DuplicateAnswer.BODY);

    sealed interface Item permits Created, Duplicate, Wrong {
    }

    /** The item was written as the scan with this id. */
    record Created(long id) implements Item {
    }

    /** The item's pair was taken by the scan with this id (stored, or created by an earlier item). */
    record Duplicate(long holderId) implements Item {
    }

    /** Anything else: an invalid item, a malformed result, a failed call. */
    record Wrong(String why) implements Item {
    }

    private BatchAnswer() {
    }

    static List<Item> judge(Answer answer, List<ScanPair> sent) {
        if (answer.status() != 200) {
            return all(sent.size(), "call answered " + answer.describe());
        }
        JsonNode results;
        try {
            results = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            return all(sent.size(), "call answered 200 with a body that is not JSON: " + answer.describe());
        }
        if (results == null || !results.isArray() || results.size() != sent.size()) {
            return all(sent.size(), "call of %d items answered 200 with %s".formatted(sent.size(),
                    results != null && results.isArray() ? results.size() + " results" : "no array"));
        }
        List<Item> items = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            items.add(item(i, results.get(i), sent.get(i)));
        }
        return items;
    }

    private static Item item(int index, JsonNode result, ScanPair pair) {
        String status = result.path("status").asString("");
        switch (status) {
            case "created" -> {
                JsonNode scan = result.path("scan");
                if (!scan.path("id").isIntegralNumber()) {
                    return new Wrong("item %d created without a scan id: %s".formatted(index, result));
                }
                if (scan.path("label").asLong(-1) != pair.label() || scan.path("phase").asInt(-1) != pair.phase()) {
                    return new Wrong("item %d sent as %s came back as the scan of label %s phase %s".formatted(
                            index, pair, scan.path("label"), scan.path("phase")));
                }
                return new Created(scan.path("id").asLong());
            }
            case "duplicate" -> {
                if (!DUPLICATE_ERRORS.equals(result.path("errors"))) {
                    return new Wrong("item %d: a duplicate without DRF's error: %s".formatted(index, result));
                }
                // The holder's id is named only when the holder is the caller's own scan: another
                // driver's scan is told no more about than a duplicate POST tells.
                if (result.has("id")) {
                    return result.path("id").isIntegralNumber() ? new Duplicate(result.path("id").asLong())
                            : new Wrong("item %d: a duplicate whose id is no id: %s".formatted(index, result));
                }
                return new Duplicate(PairLedger.UNKNOWN_ID);
            }
            default -> {
                return new Wrong("item %d: %s".formatted(index, result));
            }
        }
    }

    /** Feeds every item's outcome to the ledger under the pair it was sent for. */
    static void record(PairLedger ledger, List<ScanPair> sent, List<Item> items) {
        for (int i = 0; i < sent.size(); i++) {
            ScanPair pair = sent.get(i);
            Item item = items.get(i);
            if (item instanceof Created created) {
                ledger.created(pair, created.id());
            } else if (item instanceof Duplicate duplicate) {
                ledger.duplicate(pair, duplicate.holderId());
            } else {
                ledger.unexpected(pair, ((Wrong) item).why());
            }
        }
    }

    private static List<Item> all(int count, String why) {
        return Collections.nCopies(count, new Wrong(why));
    }
}
