package dev.scanledger.scans;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.db.BoundedWork;
import dev.scanledger.db.UniqueJdbc;
import dev.scanledger.db.WorkKind;
import dev.scanledger.unique.ConflictTarget;
import dev.scanledger.unique.RowOutcome;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.JsonBodies;
import dev.scanledger.web.ValidationException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Batch sync for offline scanners: up to {@link #MAX_ITEMS} scans in, one result per item out, in
 * input order. Valid items are written with one insert-all statement that skips duplicates (of
 * stored scans and of earlier items) and reports each item's outcome; invalid items are reported
 * with DRF's field errors and do not stop the others.
 */
@Component
class ScanBatch {

    static final int MAX_ITEMS = 1000;
    private static final ConflictTarget LABEL_AND_PHASE = ConflictTarget.constraint("scans_label_phase_key");

    private final ScanForm form;
    private final ScanReferences references;
    private final UniqueJdbc unique;
    private final ScanEvents events;
    private final BoundedWork work;

    ScanBatch(ScanForm form, ScanReferences references, UniqueJdbc unique, ScanEvents events, BoundedWork work) {
        this.form = form;
        this.references = references;
        this.unique = unique;
        this.events = events;
        this.work = work;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchResult")
    record Result(String status, ScanView scan, Long id, Map<String, List<String>> errors) {

        static Result created(ScanView scan) {
            return new Result("created", scan, null, null);
        }

        /** Another driver's scan holding the pair is not named: no more is told than a duplicate POST tells. */
        static Result duplicate(long holderId, boolean holderIsCallers) {
            return new Result("duplicate", null, holderIsCallers ? holderId : null, ScanRecorder.DUPLICATE.errors());
        }

        static Result invalid(Map<String, List<String>> errors) {
            return new Result("invalid", null, null, errors);
        }
    }

    private record Valid(int index, NewScan scan) {
    }

    /** A row of the table: the scan, and who recorded it (the caller, or for a stored duplicate perhaps not). */
    private record Stored(ScanView scan, long ownerId) {
    }

    List<Result> record(AuthenticatedUser user, JsonNode body) {
        List<JsonNode> items = itemsOf(body);
        Result[] results = new Result[items.size()];
        List<Valid> valid = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            try {
                NewScan scan = form.read(new JsonScanFields(JsonBodies.object(items.get(index))));
                valid.add(new Valid(index, scan));
            } catch (ValidationException e) {
                results[index] = Result.invalid(e.errors());
            }
        }
        valid = withExistingReferences(valid, results);
        int invalid = items.size() - valid.size();
        int created = insert(user, valid, results);
        events.batchItems(created, valid.size() - created, invalid);
        return Arrays.asList(results);
    }

    private static List<JsonNode> itemsOf(JsonNode body) {
        if (body == null || !body.isArray()) {
            String type = body == null || body.isMissingNode() ? "NoneType" : JsonBodies.pythonTypeName(body);
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "Expected a list of items but got type \"" + type + "\".");
        }
        if (body.size() > MAX_ITEMS) {
            throw FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "Ensure this field has no more than " + MAX_ITEMS + " elements.");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return items;
    }

    /**
     * Checks every item's label and sites in three queries for the whole batch, because one foreign key
     * violation would fail the single insert statement for all items.
     */
    private List<Valid> withExistingReferences(List<Valid> candidates, Result[] results) {
        Map<Integer, FieldErrors> missing = references.missingAmong(candidates.stream().map(Valid::scan).toList());
        List<Valid> valid = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Valid candidate = candidates.get(i);
            FieldErrors errors = missing.get(i);
            if (errors == null) {
                valid.add(candidate);
            } else {
                results[candidate.index()] = Result.invalid(errors.asMap());
            }
        }
        return valid;
    }

    /** The number of scans created. */
    private int insert(AuthenticatedUser user, List<Valid> valid, Result[] results) {
        // insertAll writes in conflict-key order, (label, phase): two batches that overlap wait for
        // each other instead of deadlocking.
        List<Map<String, Object>> rows = valid.stream().map(v -> row(user, v.scan())).toList();
        ScanView.UserRef caller = new ScanView.UserRef(user.id(), user.username(), user.firstName(), user.lastName());
        List<RowOutcome<Stored>> outcomes = work.run(WorkKind.BATCH, () -> unique.run("batch of scans",
                u -> u.insertAll("scans", LABEL_AND_PHASE, rows, rs -> new Stored(ScanRepository.view(rs, caller), rs.getLong("user_id")))));
        long[] idOf = new long[valid.size()];
        boolean[] ownOf = new boolean[valid.size()];
        int created = 0;
        for (RowOutcome<Stored> outcome : outcomes) {
            int index = valid.get(outcome.index()).index();
            if (outcome instanceof RowOutcome.Created<Stored> row) {
                idOf[outcome.index()] = row.row().scan().id();
                ownOf[outcome.index()] = true;
                results[index] = Result.created(row.row().scan());
                events.created(ScanEndpoint.BATCH, row.row().scan().id());
                created++;
            } else if (outcome instanceof RowOutcome.DuplicateOfExisting<Stored> existing) {
                idOf[outcome.index()] = existing.existing().scan().id();
                ownOf[outcome.index()] = existing.existing().ownerId() == user.id();
                results[index] = Result.duplicate(idOf[outcome.index()], ownOf[outcome.index()]);
                events.rejectedDuplicate(ScanEndpoint.BATCH, user.id(), valid.get(outcome.index()).scan(), idOf[outcome.index()]);
            }
        }
        for (RowOutcome<Stored> outcome : outcomes) {
            if (outcome instanceof RowOutcome.DuplicateInInput<Stored> repeat) {
                results[valid.get(outcome.index()).index()] = Result.duplicate(idOf[repeat.firstIndex()], ownOf[repeat.firstIndex()]);
                events.rejectedDuplicate(ScanEndpoint.BATCH, user.id(), valid.get(outcome.index()).scan(), idOf[repeat.firstIndex()]);
            }
        }
        return created;
    }

    private static Map<String, Object> row(AuthenticatedUser user, NewScan scan) {
        Map<String, Object> row = new HashMap<>();
        row.put("user_id", user.id());
        row.put("label_id", scan.label());
        row.put("phase", scan.phase());
        row.put("distribution_id", scan.distribution());
        row.put("store_id", scan.store());
        row.put("label_coordinate", scan.coordinateJson());
        return row;
    }
}
