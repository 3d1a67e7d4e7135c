package dev.scanledger.console;

import dev.scanledger.labels.LabelImport;
import dev.scanledger.labels.Labels;
import dev.scanledger.web.ValidationException;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.web.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** Labels: search, a label's journey, generating a run of labels, and the CSV import with its progress and report. */
@Controller
class LabelPages {

    private static final CsvMapper CSV = new CsvMapper();

    private final LabelSearch labels;
    private final ScanSearch scans;
    private final SiteAdmin sites;
    private final ImportJobs imports;
    private final AuditLog audit;
    private final Labels generator;

    /** At most this many labels per generation, as a CSV import takes at most 200,000 lines. */
    static final int MAX_GENERATED = 100_000;
    /** labels.code is varchar(128); the prefix leaves room for the number. */
    static final int MAX_PREFIX = 100;

    LabelPages(LabelSearch labels, ScanSearch scans, SiteAdmin sites, ImportJobs imports, AuditLog audit, Labels generator) {
        this.generator = generator;
        this.labels = labels;
        this.scans = scans;
        this.sites = sites;
        this.imports = imports;
        this.audit = audit;
    }

    @GetMapping("/console/labels")
    String list(@RequestParam Map<String, String> query, Model model) {
        String code = Forms.text(query.get("code"));
        String factory = Forms.text(query.get("factory"));
        Long after = Forms.number(query.get("after"));
        model.addAttribute("code", code);
        model.addAttribute("factory", factory);
        model.addAttribute("after", after);
        Optional<Long> factoryId = factory == null ? Optional.empty() : sites.named(SiteKind.FACTORY, factory);
        if (factory != null && factoryId.isEmpty()) {
            model.addAttribute("page", KeysetPage.refused(SiteAdmin.noSuchSite(SiteKind.FACTORY, factory)));
        } else {
            model.addAttribute("page", labels.search(code, factoryId.orElse(null), after));
        }
        return "console/labels";
    }

    @GetMapping("/console/labels/{id}")
    String journey(@PathVariable long id, Model model) {
        model.addAttribute("label", labels.find(id).orElseThrow(NotFoundException::new));
        model.addAttribute("scans", scans.journey(id));
        return "console/label";
    }

    @GetMapping("/console/labels/import")
    String importForm() {
        return "console/import";
    }

    /** What {@code labels generate} does: codes prefix1 .. prefixN at a factory, the existing ones skipped. */
    @PostMapping("/console/labels/generate")
    String generate(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam Map<String, String> form, Model model) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String factoryName = Forms.text(form.get("factory"));
        String prefix = Forms.text(form.get("prefix"));
        Long count = Forms.number(form.get("count"));
        Optional<Long> factory = factoryName == null ? Optional.empty() : sites.named(SiteKind.FACTORY, factoryName);
        if (factoryName == null) {
            errors.put("factory", List.of("This field is required."));
        } else if (factory.isEmpty()) {
            errors.put("factory", List.of(SiteAdmin.noSuchSite(SiteKind.FACTORY, factoryName)));
        }
        if (prefix == null) {
            errors.put("prefix", List.of("This field is required."));
        } else if (prefix.length() > MAX_PREFIX) {
            errors.put("prefix", List.of("Ensure this field has no more than " + MAX_PREFIX + " characters."));
        }
        if (count == null || count < 1 || count > MAX_GENERATED) {
            errors.put("count", List.of("A whole number from 1 to " + MAX_GENERATED + "."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        int created = generator.generate(factory.get(), prefix, count.intValue());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("factory", factoryName);
        after.put("codes", prefix + "1 .. " + prefix + count);
        after.put("created", created);
        audit.record(me, "generate labels", "labels", null, after);
        model.addAttribute("generated", "%d labels created, %d already existed.".formatted(created, count - created));
        return "console/import";
    }

    @PostMapping("/console/labels/import")
    String startImport(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam("file") MultipartFile file, Model model)
            throws IOException {
        String name = file.getOriginalFilename() == null ? "upload.csv" : file.getOriginalFilename();
        ImportJobs.Job job = imports.start(file.getBytes(), name, me.id(), finished -> {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("file", finished.fileName);
            after.put("inserted", finished.result.inserted());
            after.put("skipped", finished.result.skipped());
            audit.record(me, "import labels", "labels", null, after);
        });
        model.addAttribute("job", job);
        return "console/import :: progress";
    }

    /** Every skipped line of a finished import, as CSV. */
    @GetMapping(path = "/console/labels/import/{job}/skipped.csv", produces = "text/csv")
    ResponseEntity<byte[]> skippedLines(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String job) {
        ImportJobs.Job found = imports.find(job, me.id()).filter(j -> j.result != null).orElseThrow(NotFoundException::new);
        CsvSchema schema = CSV.schemaFor(LabelImport.SkippedLine.class).withHeader().sortedBy("line", "factory", "code", "reason");
        byte[] csv = CSV.writer(schema).writeValueAsBytes(found.result.skipped_lines());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("skipped-lines.csv").build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv);
    }

    @GetMapping("/console/labels/import/{job}")
    String progress(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String job, Model model) {
        model.addAttribute("job", imports.find(job, me.id()).orElseThrow(NotFoundException::new));
        return "console/import :: progress";
    }
}
