package dev.scanledger.console;

import dev.scanledger.web.NotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Labels: search, a label's journey, and the CSV import with its progress and report. */
@Controller
class LabelPages {

    private final LabelSearch labels;
    private final ScanSearch scans;
    private final SiteAdmin sites;
    private final ImportJobs imports;
    private final AuditLog audit;

    LabelPages(LabelSearch labels, ScanSearch scans, SiteAdmin sites, ImportJobs imports, AuditLog audit) {
        this.labels = labels;
        this.scans = scans;
        this.sites = sites;
        this.imports = imports;
        this.audit = audit;
    }

    @GetMapping("/console/labels")
    String list(@RequestParam Map<String, String> query, Model model) {
        model.addAttribute("query", query);
        model.addAttribute("page", labels.search(Forms.text(query.get("code")), Forms.number(query.get("factory")),
                Forms.number(query.get("after"))));
        model.addAttribute("sites", sites.list());
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

    @GetMapping("/console/labels/import/{job}")
    String progress(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String job, Model model) {
        model.addAttribute("job", imports.find(job, me.id()).orElseThrow(NotFoundException::new));
        return "console/import :: progress";
    }
}
