package dev.scanledger.scans;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.labels.Labels;
import dev.scanledger.web.DrfView;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.JsonBodies;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.Page;
import dev.scanledger.web.PageRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The original ScanViewSet: create, retrieve and list the caller's own scans. */
@RestController
// produces: an Accept the API cannot answer is refused (406) before anything is recorded, as DRF negotiates first.
@RequestMapping(path = "/api/scans", produces = MediaType.APPLICATION_JSON_VALUE)
class ScanController {

    private final ScanForm form;
    private final ScanRecorder recorder;
    private final ScanRepository scans;
    private final Labels labels;
    private final ScanBatch batch;

    ScanController(ScanForm form, ScanRecorder recorder, ScanRepository scans, Labels labels, ScanBatch batch) {
        this.batch = batch;
        this.form = form;
        this.recorder = recorder;
        this.scans = scans;
        this.labels = labels;
    }

    @DrfView(name = "Scan List", serializer = ScanSerializerInfo.class)
    @PostMapping(path = "/", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ScanView createFromJson(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) JsonNode body) {
        return recorder.record(user, form.read(new JsonScanFields(JsonBodies.object(body))));
    }

    @DrfView(name = "Scan List", serializer = ScanSerializerInfo.class)
    @PostMapping(path = "/", consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    @ResponseStatus(HttpStatus.CREATED)
    ScanView createFromForm(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request) {
        return recorder.record(user, form.read(new FormScanFields(request)));
    }

    /** Offline sync: 200 with one result per item, in input order (see ScanBatch). */
    @DrfView(name = "Batch", description = "Offline sync: up to 1,000 scans in one request, one result per item.",
            serializer = ScanSerializerInfo.class)
    @PostMapping(path = "/batch/", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<ScanBatch.Result> batch(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody(required = false) JsonNode body) {
        return batch.record(user, body);
    }

    @DrfView(name = "Scan Instance")
    @GetMapping("/{id}/")
    ScanView retrieve(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id) {
        long scanId;
        try {
            scanId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException();
        }
        return scans.findOwn(user.id(), scanId).orElseThrow(NotFoundException::new);
    }

    @DrfView(name = "Scan List", serializer = ScanSerializerInfo.class)
    @GetMapping("/")
    Page<ScanView> list(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request) {
        ScanFilter filter = filter(request);
        ScanOrdering ordering = ScanOrdering.of(request.getParameterValues(ScanOrdering.PARAMETER));
        PageRequest page = PageRequest.of(request);
        long count = scans.countOwn(user.id(), filter);
        return page.load(request, count, offset -> scans.listOwn(user.id(), filter, ordering, offset, page.size(), count));
    }

    /**
     * django-filter's answers for a label or phase that cannot match anything. The label filter is a
     * ModelChoiceFilter: a pk of no label at all is as invalid a choice as a word.
     */
    private ScanFilter filter(HttpServletRequest request) {
        FieldErrors errors = new FieldErrors();
        Long label = null;
        Integer phase = null;
        String rawLabel = request.getParameter("label");
        if (rawLabel != null && !rawLabel.isEmpty()) {
            try {
                label = Long.parseLong(rawLabel.trim());
            } catch (NumberFormatException e) {
                label = null;
            }
            if (label == null || labels.existing(List.of(label)).isEmpty()) {
                errors.add("label", "Select a valid choice. That choice is not one of the available choices.");
            }
        }
        String rawPhase = request.getParameter("phase");
        if (rawPhase != null && !rawPhase.isEmpty()) {
            if (Phase.isCode(rawPhase)) {
                phase = Integer.parseInt(rawPhase);
            } else {
                errors.add("phase", "Select a valid choice. " + rawPhase + " is not one of the available choices.");
            }
        }
        errors.throwIfAny();
        return new ScanFilter(label, phase);
    }
}
