package dev.scanledger.scans;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.support.Fixtures.Account;
import dev.scanledger.support.Images;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A (label, phase) is scanned once: later scans of the pair, from anyone, are refused (one by one here; bursts in DuplicateScanRaceTest). */
abstract class ScanDuplicateContract extends ScanContract {

    Account driver;
    long label;

    @BeforeEach
    void aScannedLabel() {
        driver = fixtures.driver();
        label = fixtures.label();
        created(driver, label, 1);
    }

    @Test
    void theSameDriverScanningThePairAgainIsRefused() {
        assertThatResponse(rejected(postScan(driver).json("{\"label\": %d, \"phase\": 1}".formatted(label))))
                .hasStatus(400).hasFieldError("non_field_errors", DUPLICATE);
        assertThat(fixtures.scansOf(label)).isEqualTo(1);
    }

    @Test
    void anotherDriverScanningThePairIsRefused() {
        Account other = fixtures.driver();

        assertThatResponse(rejected(postScan(other).json("{\"label\": %d, \"phase\": 1}".formatted(label))))
                .hasStatus(400).hasFieldError("non_field_errors", DUPLICATE);
    }

    @Test
    void theSameLabelInAnotherPhaseIsANewScan() {
        created(driver, label, 2);
        created(fixtures.driver(), label, 3);

        assertThat(fixtures.scansOf(label)).isEqualTo(3);
    }

    @Test
    void aDuplicateFromAFormIsRefusedAlike() {
        assertThatResponse(rejected(postScan(driver).form(Map.of("label", String.valueOf(label), "phase", "1"))))
                .hasStatus(400).hasFieldError("non_field_errors", DUPLICATE);
    }

    @Test
    void aDuplicateWithAnImageLeavesNoFileBehind() {
        assertThatResponse(rejected(postScan(driver).multipart(Map.of("label", String.valueOf(label), "phase", "1",
                "label_image", Images.jpeg()))))
                .hasStatus(400).hasFieldError("non_field_errors", DUPLICATE);
    }

    @Test
    void theDefaultPhaseIsAPhaseLikeAnyOther() {
        long fresh = fixtures.label();
        created(driver, fresh, 0);

        assertThatResponse(rejected(postScan(driver).json("{\"label\": %d}".formatted(fresh))))
                .hasStatus(400).hasFieldError("non_field_errors", DUPLICATE);
    }

    @Test
    void anUnknownReferenceOutranksTheDuplicate() {
        long store = fixtures.site(SiteKind.STORE);

        assertThatResponse(rejected(postScan(driver).json("{\"label\": %d, \"phase\": 1, \"distribution\": %d}"
                .formatted(label, store))))
                .hasStatus(400).hasFieldError("distribution", "Invalid pk \"%d\" - object does not exist.".formatted(store));
    }

    @Test
    void aSiteThatDoesNotExistOutranksTheDuplicateAndAnExistingOneIsNotNamed() {
        long distribution = fixtures.site(SiteKind.DISTRIBUTION);
        long gone = fixtures.site(SiteKind.STORE) + 1_000_000;

        assertThatResponse(rejected(postScan(driver).json("{\"label\": %d, \"phase\": 1, \"distribution\": %d, \"store\": %d}"
                .formatted(label, distribution, gone))))
                .hasStatus(400).hasJson("{\"store\": [\"Invalid pk \\\"%d\\\" - object does not exist.\"]}".formatted(gone));
    }
}
