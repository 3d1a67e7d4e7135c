package dev.scanledger.scans;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.accounts.Role;
import dev.scanledger.labels.LabelIds;
import dev.scanledger.labels.LabelView;
import dev.scanledger.labels.Labels;
import dev.scanledger.web.DrfView;
import dev.scanledger.web.JsonBodies;
import dev.scanledger.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The scans of one label: upsert by natural key, and the label's journey. */
@RestController
@RequestMapping("/api/labels/{label}")
class LabelScanController {

    private final ScanForm form;
    private final ScanUpserter upserter;
    private final ScanRepository scans;
    private final Labels labels;

    LabelScanController(ScanForm form, ScanUpserter upserter, ScanRepository scans, Labels labels) {
        this.form = form;
        this.upserter = upserter;
        this.scans = scans;
        this.labels = labels;
    }

    /** 201 when the scan was created, 200 when it was updated or already as sent. */
    @DrfView(name = "Label Scan", description = "Creates the caller's scan of this label and phase, or updates it.",
            serializer = ScanSerializerInfo.class)
    @PutMapping(path = "/scans/{phase}/", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScanView> putJson(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String label,
            @PathVariable String phase, @RequestBody(required = false) JsonNode body) {
        return put(user, new KeyedScanFields(new JsonScanFields(JsonBodies.object(body)), LabelIds.parse(label), phaseOf(phase)));
    }

    @DrfView(name = "Label Scan", description = "Creates the caller's scan of this label and phase, or updates it.",
            serializer = ScanSerializerInfo.class)
    @PutMapping(path = "/scans/{phase}/", consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    ResponseEntity<ScanView> putForm(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String label,
            @PathVariable String phase, HttpServletRequest request) {
        return put(user, new KeyedScanFields(new FormScanFields(request), LabelIds.parse(label), phaseOf(phase)));
    }

    record Journey(LabelView label, @JsonProperty("scans") List<ScanView> scans) {
    }

    /**
     * A driver sees only their own scans of the label, as everywhere else in the API (the original
     * let drivers see their own scans only); managers and admins see every driver's.
     */
    @DrfView(name = "Label Journey", description = "The label's scans in phase order: a driver's own only, every driver's for managers and admins.")
    @GetMapping("/journey/")
    Journey journey(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String label) {
        LabelView found = labels.find(LabelIds.parse(label)).orElseThrow(NotFoundException::new);
        List<ScanView> shown = user.role() == Role.DRIVER ? scans.ofLabelBy(found.id(), user.id()) : scans.ofLabel(found.id());
        return new Journey(found, shown);
    }

    private ResponseEntity<ScanView> put(AuthenticatedUser user, KeyedScanFields fields) {
        NewScan scan = form.read(fields);
        ScanRepository.SentFields sent = new ScanRepository.SentFields(
                fields.sent("distribution"), fields.sent("store"), fields.sent("label_image"), fields.sent("label_coordinate"));
        ScanRepository.Upserted upserted = upserter.upsert(user, scan, sent);
        return ResponseEntity.status(upserted.created() ? HttpStatus.CREATED : HttpStatus.OK).body(upserted.scan());
    }

    private static int phaseOf(String pathSegment) {
        if (!Phase.isCode(pathSegment)) {
            throw new NotFoundException();
        }
        return Integer.parseInt(pathSegment);
    }
}
