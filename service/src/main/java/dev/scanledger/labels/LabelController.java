package dev.scanledger.labels;

import dev.scanledger.unique.Got;
import dev.scanledger.web.ConstraintErrors;
import dev.scanledger.web.DrfView;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.Page;
import dev.scanledger.web.PageRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Labels: get-or-create by (factory, code), list, retrieve, and the managers' CSV import. Any
 * authenticated user may register a label (creating an existing one just returns it); importing is
 * for managers and admins (see SecurityConfiguration).
 */
@RestController
@RequestMapping("/api/labels")
class LabelController {

    private final LabelStore labels;
    private final Labels lookup;
    private final LabelImport importer;

    LabelController(LabelStore labels, Labels lookup, LabelImport importer) {
        this.labels = labels;
        this.lookup = lookup;
        this.importer = importer;
    }

    /** 201 with the new label, or 200 with the one that already has this factory and code. */
    @DrfView(name = "Label List", serializer = LabelSerializerInfo.class)
    @PostMapping(path = "/", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LabelView> getOrCreate(@RequestBody(required = false) JsonNode body) {
        LabelForm.NewLabel label = LabelForm.read(body);
        Got<LabelView> got;
        try {
            got = labels.getOrCreate(label);
        } catch (DataIntegrityViolationException e) {
            throw ConstraintErrors.translate(e, Map.of("factory", label.factory())).orElseThrow(() -> e);
        }
        return ResponseEntity.status(got.created() ? HttpStatus.CREATED : HttpStatus.OK).body(got.row());
    }

    @DrfView(name = "Label List", serializer = LabelSerializerInfo.class)
    @GetMapping("/")
    Page<LabelView> list(HttpServletRequest request) {
        LabelStore.Filter filter = filter(request);
        PageRequest page = PageRequest.of(request);
        long count = labels.count(filter);
        return page.load(request, count, offset -> labels.list(filter, offset, page.size()));
    }

    @DrfView(name = "Label Instance")
    @GetMapping("/{id}/")
    LabelView retrieve(@PathVariable String id) {
        return lookup.find(LabelIds.parse(id)).orElseThrow(NotFoundException::new);
    }

    @DrfView(name = "Import", description = "Managers: a CSV file of labels, factory,code per line.")
    @PostMapping(path = "/import/", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    LabelImport.Result importCsv(@RequestBody(required = false) byte[] csv) {
        // An empty body is an empty file (LabelImport's message), not a JSON parse error.
        return importer.run(csv == null ? new byte[0] : csv);
    }

    private static LabelStore.Filter filter(HttpServletRequest request) {
        String factory = request.getParameter("factory");
        String code = request.getParameter("code");
        Long factoryId = null;
        if (factory != null && !factory.isEmpty()) {
            try {
                factoryId = Long.parseLong(factory.trim());
            } catch (NumberFormatException e) {
                throw FieldErrors.single("factory", "Select a valid choice. That choice is not one of the available choices.");
            }
        }
        if (code != null && code.indexOf('\0') >= 0) {
            // django-filter's form CharField refuses NUL; PostgreSQL text cannot hold it (it was a 500).
            throw FieldErrors.single("code", FieldErrors.NULL_CHARACTERS);
        }
        return new LabelStore.Filter(factoryId, code == null || code.isEmpty() ? null : code);
    }
}
