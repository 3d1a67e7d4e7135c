package dev.scanledger.console;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.scans.ManualScans;
import dev.scanledger.scans.ScanAnswers;
import dev.scanledger.sites.SiteKind;
import dev.scanledger.web.FieldErrors;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.ValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Scans: search, a scan's page, and scans added or corrected by hand through the API's own write paths. */
@Controller
class ScanPages {

    private final ScanSearch search;
    private final DuplicateSearch duplicates;
    private final LabelSearch labels;
    private final SiteAdmin sites;
    private final UserAdmin users;
    private final ManualScans manual;
    private final AuditLog audit;
    private final ConsoleText text;
    private final TransactionTemplate transaction;

    ScanPages(ScanSearch search, DuplicateSearch duplicates, LabelSearch labels, SiteAdmin sites, UserAdmin users, ManualScans manual,
            AuditLog audit, ConsoleText text, PlatformTransactionManager transactions) {
        this.search = search;
        this.duplicates = duplicates;
        this.labels = labels;
        this.sites = sites;
        this.users = users;
        this.manual = manual;
        this.audit = audit;
        this.text = text;
        this.transaction = new TransactionTemplate(transactions);
    }

    @GetMapping("/console/scans")
    String list(@RequestParam Map<String, String> query, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String phase = Forms.text(query.get("phase"));
        String siteName = Forms.text(query.get("site"));
        SiteKind siteKind = Forms.choice(query.get("site_kind"), SiteKind.class);
        List<ScanSearch.Site> sitesNamed = siteName == null ? List.of()
                : siteKind == null ? sites.withName(siteName) : sites.named(siteKind, siteName).map(id -> new ScanSearch.Site(siteKind, id)).stream().toList();
        ScanSearch.Criteria criteria = new ScanSearch.Criteria(
                Forms.text(query.get("code")),
                Forms.text(query.get("driver")),
                phase != null && phase.matches("[0-3]") ? Integer.valueOf(phase) : null,
                sitesNamed.size() == 1 ? sitesNamed.get(0) : null,
                Forms.date(query.get("from")),
                Forms.date(query.get("to")),
                "oldest".equals(query.get("sort")),
                cursor(query.get("after")));
        model.addAttribute("criteria", criteria);
        model.addAttribute("query", query);
        if (siteName != null && sitesNamed.size() != 1) {
            model.addAttribute("page", KeysetPage.refused(sitesNamed.isEmpty()
                    ? (siteKind == null ? "No site is named \"" + siteName + "\"." : SiteAdmin.noSuchSite(siteKind, siteName))
                    : "Several sites are named \"" + siteName + "\": choose its kind."));
        } else {
            model.addAttribute("page", search.search(criteria, text.zone()));
        }
        return htmx != null ? "console/scans :: results" : "console/scans";
    }

    /** A {@link ScanSearch.Row#cursor()}, or null for anything else (a search ignores what it cannot read). */
    private static String cursor(String after) {
        String text = Forms.text(after);
        if (text == null || !text.matches("[0-9T:.\\-]+Z_[0-9]{1,18}")) {
            return null;
        }
        try {
            Instant.parse(text.substring(0, text.indexOf('_')));
            return text;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @GetMapping("/console/scans/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("scan", search.detail(id).orElseThrow(NotFoundException::new));
        model.addAttribute("history", audit.page(null, "scan " + id));
        model.addAttribute("refused", duplicates.lostTo(id));
        return "console/scan";
    }

    @PostMapping("/console/scans/{id}")
    String correct(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @RequestParam Map<String, String> form,
            @RequestParam(name = "label_image", required = false) MultipartFile image, Model model) {
        try {
            transaction.executeWithoutResult(tx -> {
                ManualScans.Written written = manual.correct(id, scanFields(form), image);
                if (!written.before().equals(written.after())) {
                    audit.record(me, "correct scan", "scan " + id, written.before(), written.after());
                }
            });
        } catch (ValidationException e) {
            model.addAttribute("errors", Forms.messages(e));
            return detail(id, model);
        }
        return "redirect:/console/scans/" + id + "?corrected";
    }

    @GetMapping("/console/scans/new")
    String newScan(Model model) {
        model.addAttribute("form", Map.of());
        return "console/scan-new";
    }

    @PostMapping("/console/scans")
    String create(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam Map<String, String> form,
            @RequestParam(name = "label_image", required = false) MultipartFile image, Model model) {
        Map<String, String> fields = new HashMap<>();
        try {
            AuthenticatedUser driver = driverOf(me, form.get("driver"));
            fields = scanFields(form);
            fields.put("label", labelId(form.get("label")));
            Map<String, String> scan = fields;
            long id = transaction.execute(tx -> {
                ManualScans.Written written = manual.record(driver, scan, image);
                audit.record(me, "add scan", "scan " + written.id(), null, written.after());
                return written.id();
            });
            return "redirect:/console/scans/" + id + "?created";
        } catch (ValidationException e) {
            model.addAttribute("errors", Forms.messages(e));
            if (ScanAnswers.isDuplicate(e)) {
                model.addAttribute("duplicate", true);
                Long label = Forms.number(fields.get("label"));
                String phase = Forms.text(fields.get("phase"));
                if (label != null && phase != null && phase.matches("[0-3]")) {
                    model.addAttribute("winner", search.journey(label).stream()
                            .filter(row -> row.phase() == Integer.parseInt(phase)).findFirst().orElse(null));
                }
            }
            model.addAttribute("form", form);
            return "console/scan-new";
        }
    }

    /** The scan is an active driver's, named by username, or the signed-in manager's own when no driver is named. */
    private AuthenticatedUser driverOf(ConsolePrincipal me, String username) {
        String name = Forms.text(username);
        if (name == null || name.equals(me.username())) {
            return new AuthenticatedUser(me.id(), me.username(), me.role());
        }
        UserAdmin.Account account = users.activeDriver(name)
                .orElseThrow(() -> FieldErrors.single("driver", "No active driver has the username \"" + name + "\"."));
        return new AuthenticatedUser(account.id(), account.username(), account.role());
    }

    /** A label is given by id, or by its code when exactly one label has that code. */
    private String labelId(String given) {
        String label = Forms.text(given);
        if (label == null || label.matches("[0-9]+")) {
            return label;
        }
        List<Long> ids = labels.idsWithCode(label);
        if (ids.isEmpty()) {
            throw FieldErrors.single("label", "No label has the code \"" + label + "\".");
        }
        if (ids.size() > 1) {
            throw FieldErrors.single("label", "Several labels have the code \"" + label + "\": give the label's id.");
        }
        return String.valueOf(ids.get(0));
    }

    /** The scan's own fields of the form, its sites named by their names. */
    private Map<String, String> scanFields(Map<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        fields.put("phase", form.get("phase"));
        fields.put("distribution", siteId(SiteKind.DISTRIBUTION, "distribution", form.get("distribution")));
        fields.put("store", siteId(SiteKind.STORE, "store", form.get("store")));
        fields.put("label_coordinate", form.get("label_coordinate"));
        return fields;
    }

    private String siteId(SiteKind kind, String field, String name) {
        String text = Forms.text(name);
        if (text == null) {
            return null;
        }
        return String.valueOf(sites.named(kind, text).orElseThrow(() -> FieldErrors.single(field, SiteAdmin.noSuchSite(kind, text))));
    }
}
