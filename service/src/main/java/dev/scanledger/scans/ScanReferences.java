package dev.scanledger.scans;

import dev.scanledger.labels.Labels;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.sites.Sites;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.FieldErrors;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Names every reference of a scan that points at nothing. Only consulted after the database refused
 * or skipped an insert: the foreign keys already guard the normal path, and DRF reports all invalid
 * fields at once where a foreign key violation names only the first.
 */
@Component
class ScanReferences {

    private final Labels labels;
    private final Sites sites;

    ScanReferences(Labels labels, Sites sites) {
        this.labels = labels;
        this.sites = sites;
    }

    /**
     * For a scan whose (label, phase) is taken: the conflicting row proves the label exists, and the
     * insert's statement found whether the sites the scan names exist.
     */
    FieldErrors missingSites(NewScan scan, boolean distributionExists, boolean storeExists) {
        FieldErrors errors = new FieldErrors();
        if (!distributionExists) {
            errors.add("distribution", ConstraintErrors.missingReferenceMessage(scan.distribution()));
        }
        if (!storeExists) {
            errors.add("store", ConstraintErrors.missingReferenceMessage(scan.store()));
        }
        return errors;
    }

    FieldErrors missing(NewScan scan) {
        FieldErrors errors = new FieldErrors();
        addMissing(errors, scan.label(), scan.distribution(), scan.store());
        return errors;
    }

    /**
     * For a batch: the errors of each scan (by its position in {@code scans}) whose references point
     * at nothing, found with one query for all labels and one for all sites.
     */
    Map<Integer, FieldErrors> missingAmong(List<NewScan> scans) {
        Set<Long> labelIds = new HashSet<>();
        Set<Long> distributionIds = new HashSet<>();
        Set<Long> storeIds = new HashSet<>();
        for (NewScan scan : scans) {
            labelIds.add(scan.label());
            if (scan.distribution() != null) {
                distributionIds.add(scan.distribution());
            }
            if (scan.store() != null) {
                storeIds.add(scan.store());
            }
        }
        Set<Long> existingLabels = labels.existing(labelIds);
        Set<Long> distributions = sites.existing(SiteKind.DISTRIBUTION, distributionIds);
        Set<Long> stores = sites.existing(SiteKind.STORE, storeIds);
        Map<Integer, FieldErrors> missing = new HashMap<>();
        for (int i = 0; i < scans.size(); i++) {
            NewScan scan = scans.get(i);
            FieldErrors errors = new FieldErrors();
            if (!existingLabels.contains(scan.label())) {
                errors.add("label", ConstraintErrors.missingReferenceMessage(scan.label()));
            }
            checkSite(errors, "distribution", scan.distribution(), distributions);
            checkSite(errors, "store", scan.store(), stores);
            if (!errors.isEmpty()) {
                missing.put(i, errors);
            }
        }
        return missing;
    }

    /** Adds a message for each given (non-null) reference that points at nothing of its kind. */
    void addMissing(FieldErrors errors, Long label, Long distribution, Long store) {
        if (label != null && labels.existing(List.of(label)).isEmpty()) {
            errors.add("label", ConstraintErrors.missingReferenceMessage(label));
        }
        if (distribution != null) {
            checkSite(errors, "distribution", distribution, sites.existing(SiteKind.DISTRIBUTION, List.of(distribution)));
        }
        if (store != null) {
            checkSite(errors, "store", store, sites.existing(SiteKind.STORE, List.of(store)));
        }
    }

    private static void checkSite(FieldErrors errors, String field, Long id, Set<Long> existing) {
        if (id != null && !existing.contains(id)) {
            errors.add(field, ConstraintErrors.missingReferenceMessage(id));
        }
    }

}
