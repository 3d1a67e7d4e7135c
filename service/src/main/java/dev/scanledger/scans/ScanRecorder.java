package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.db.Savepoints;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records one scan. The insert is a single statement that the (label, phase) constraint decides;
 * the image is written first and removed again when no scan was recorded, so a 400 never leaves a
 * scan or a file behind. Identical creates arriving together outside a transaction share one insert
 * ({@link InFlightCreates}).
 */
@Component
class ScanRecorder {

    static final ValidationException DUPLICATE = ConstraintErrors.duplicate("scans_label_phase_key");

    private final ScanRepository scans;
    private final ScanReferences references;
    private final ScanImages images;
    private final Savepoints savepoints;
    private final ScanEvents events;
    private final InFlightCreates inFlight;

    ScanRecorder(ScanRepository scans, ScanReferences references, ScanImages images, Savepoints savepoints, ScanEvents events,
                 InFlightCreates inFlight) {
        this.scans = scans;
        this.references = references;
        this.images = images;
        this.savepoints = savepoints;
        this.events = events;
        this.inFlight = inFlight;
    }

    ScanView record(AuthenticatedUser user, NewScan scan) {
        return record(ScanEndpoint.CREATE, user, scan);
    }

    ScanView record(ScanEndpoint endpoint, AuthenticatedUser user, NewScan scan) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return insert(endpoint, user, scan);
        }
        return inFlight.create(scan, () -> insert(endpoint, user, scan), winner -> {
            events.rejectedDuplicate(endpoint, user.id(), scan, winner);
            return DUPLICATE;
        });
    }

    private ScanView insert(ScanEndpoint endpoint, AuthenticatedUser user, NewScan scan) {
        AtomicReference<ScanRepository.Insertion> refused = new AtomicReference<>();
        try {
            // Without a caller's transaction the insert is its own (implicit) transaction, and a failure
            // is looked into after it rolled back.
            ScanView created = images.storeFor(scan.image(), imagePath -> {
                ScanRepository.Insertion insertion = savepoints.attempt(() -> scans.insert(user.id(), scan, imagePath));
                refused.set(insertion);
                return insertion.scan();
            }).orElseThrow(() -> duplicateOrMissingSites(endpoint, user, scan, refused.get()));
            events.created(endpoint, created.id());
            return created;
        } catch (DataIntegrityViolationException e) {
            throw errorsOr(references.missing(scan), ConstraintErrors.translate(e, attempted(scan)).orElseThrow(() -> e));
        }
    }

    private RuntimeException duplicateOrMissingSites(ScanEndpoint endpoint, AuthenticatedUser user, NewScan scan,
                                                     ScanRepository.Insertion refused) {
        FieldErrors missing = references.missingSites(scan, refused.distributionExists(), refused.storeExists());
        if (missing.isEmpty()) {
            events.rejectedDuplicate(endpoint, user.id(), scan, null);
        }
        return errorsOr(missing, DUPLICATE);
    }

    /** Whether an answer is the duplicate scan's 400, for those who count answers. */
    static boolean isDuplicate(Throwable answer) {
        return answer instanceof ValidationException invalid
                && (invalid == DUPLICATE || invalid.errors().equals(DUPLICATE.errors()));
    }

    /** DRF checks fields before uniqueness, so a missing reference outranks the duplicate. */
    private static RuntimeException errorsOr(FieldErrors missing, RuntimeException otherwise) {
        return missing.isEmpty() ? otherwise : new ValidationException(missing.asMap());
    }

    static Map<String, Object> attempted(NewScan scan) {
        Map<String, Object> values = new HashMap<>();
        values.put("label", scan.label());
        values.put("distribution", scan.distribution());
        values.put("store", scan.store());
        return values;
    }
}
