package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.db.Savepoints;
import dev.scanledger.web.ApiException;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.ValidationException;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * PUT of a scan by its natural key (label, phase): one INSERT ... ON CONFLICT DO UPDATE creates it
 * or updates the caller's own scan; repeating the same PUT changes nothing. A scan of that key
 * recorded by another driver is not taken over: that answers the usual duplicate 400.
 */
@Component
class ScanUpserter {

    /** Only a concurrent delete between the upsert and the read-back makes another round necessary. */
    private static final int ATTEMPTS = 3;

    private final ScanRepository scans;
    private final ScanReferences references;
    private final ScanImages images;
    private final Savepoints savepoints;
    private final ScanEvents events;

    ScanUpserter(ScanRepository scans, ScanReferences references, ScanImages images, Savepoints savepoints, ScanEvents events) {
        this.scans = scans;
        this.references = references;
        this.images = images;
        this.savepoints = savepoints;
        this.events = events;
    }

    ScanRepository.Upserted upsert(AuthenticatedUser user, NewScan scan, ScanRepository.SentFields sent) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ScanRepository.Upserted> written = write(user, scan, sent);
            if (written.isPresent()) {
                if (written.get().created()) {
                    events.created(ScanEndpoint.UPSERT, written.get().scan().id());
                }
                return written.get();
            }
            Optional<ScanView> current = scans.findByKey(scan.label(), scan.phase());
            if (current.isPresent()) {
                if (current.get().user().id() != user.id()) {
                    events.rejectedDuplicate(ScanEndpoint.UPSERT, user.id(), scan, current.get().id());
                    throw ScanRecorder.DUPLICATE;
                }
                return new ScanRepository.Upserted(current.get(), false);
            }
        }
        throw new ApiException(HttpStatus.CONFLICT, "The scan changed while it was being written. Retry the request.");
    }

    /** The scan of this key as it is now. */
    ScanView current(long label, int phase) {
        return scans.findByKey(label, phase).orElseThrow(NotFoundException::new);
    }

    private Optional<ScanRepository.Upserted> write(AuthenticatedUser user, NewScan scan, ScanRepository.SentFields sent) {
        try {
            return images.storeFor(scan.image(),
                    imagePath -> savepoints.attempt(() -> scans.upsert(user.id(), scan, imagePath, sent)));
        } catch (DataIntegrityViolationException e) {
            FieldErrors missing = references.missing(scan);
            if (missing.has("label")) {
                throw new NotFoundException();
            }
            if (!missing.isEmpty()) {
                throw new ValidationException(missing.asMap());
            }
            throw ConstraintErrors.translate(e, ScanRecorder.attempted(scan)).orElseThrow(() -> e);
        }
    }
}
