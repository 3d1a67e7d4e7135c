package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

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

    ScanRecorder(ScanRepository scans, ScanReferences references, ScanImages images) {
        this.scans = scans;
        this.references = references;
        this.images = images;
    }

    ScanView record(AuthenticatedUser user, NewScan scan) {
        String imagePath = scan.image() == null ? null : images.store(scan.image());
        boolean recorded = false;
        try {
            Optional<ScanView> created = scans.insert(user.id(), scan, imagePath);
            if (created.isEmpty()) {
                throw referenceErrorsOr(scan, DUPLICATE);
            }
            recorded = true;
            return created.get();
        } catch (DataIntegrityViolationException e) {
            throw referenceErrorsOr(scan, ConstraintErrors.translate(e, attempted(scan)).orElseThrow(() -> e));
        } finally {
            if (imagePath != null && !recorded) {
                images.discard(imagePath);
            }
        }
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
