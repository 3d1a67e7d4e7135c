package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.db.Savepoints;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records one scan. The insert is a single autocommitted statement that the (label, phase) constraint
 * decides; the image is written first and removed again when no scan was recorded, so a 400 never
 * leaves a scan or a file behind.
 */
@Component
class ScanRecorder {

    static final ValidationException DUPLICATE = ConstraintErrors.duplicate("scans_label_phase_key");

    private final ScanRepository scans;
    private final ScanReferences references;
    private final ScanImages images;
    private final Savepoints savepoints;

    ScanRecorder(ScanRepository scans, ScanReferences references, ScanImages images, Savepoints savepoints) {
        this.savepoints = savepoints;
        this.scans = scans;
        this.references = references;
        this.images = images;
    }

    ScanView record(AuthenticatedUser user, NewScan scan) {
        String imagePath = scan.image() == null ? null : images.store(scan.image());
        boolean recorded = false;
        try {
            Optional<ScanView> created = savepoints.attempt(() -> scans.insert(user.id(), scan, imagePath));
            if (created.isEmpty()) {
                throw referenceErrorsOr(scan, DUPLICATE);
            }
            recorded = true;
            discardImageIfRolledBack(imagePath);
            return created.get();
        } catch (DataIntegrityViolationException e) {
            throw referenceErrorsOr(scan, ConstraintErrors.translate(e, attempted(scan)).orElseThrow(() -> e));
        } finally {
            if (imagePath != null && !recorded) {
                images.discard(imagePath);
            }
        }
    }

    /** Inside a caller's transaction the scan only exists once that commits; so does its image. */
    private void discardImageIfRolledBack(String imagePath) {
        if (imagePath == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    images.discard(imagePath);
                }
            }
        });
    }

    /** DRF checks fields before uniqueness, so a missing reference outranks the duplicate. */
    private ValidationException referenceErrorsOr(NewScan scan, ValidationException otherwise) {
        FieldErrors missing = references.missing(scan);
        return missing.isEmpty() ? otherwise : new ValidationException(missing.asMap());
    }

    private static Map<String, Object> attempted(NewScan scan) {
        Map<String, Object> values = new HashMap<>();
        values.put("label", scan.label());
        values.put("distribution", scan.distribution());
        values.put("store", scan.store());
        return values;
    }
}
