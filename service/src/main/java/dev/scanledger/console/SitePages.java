package dev.scanledger.console;

import dev.scanledger.sites.SiteKind;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.ValidationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sites: list, create, rename. */
@Controller
class SitePages {

    private final SiteAdmin sites;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    SitePages(SiteAdmin sites, AuditLog audit, PlatformTransactionManager transactions) {
        this.sites = sites;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    @GetMapping("/console/sites")
    String list(@RequestParam Map<String, String> query, Model model) {
        SiteKind kind = Forms.choice(query.get("kind"), SiteKind.class);
        String name = Forms.text(query.get("name"));
        String after = Forms.text(query.get("after"));
        model.addAttribute("kind", kind == null ? null : kind.dbValue());
        model.addAttribute("name", name);
        model.addAttribute("after", after);
        model.addAttribute("page", sites.search(kind, name, after));
        return "console/sites";
    }

    @PostMapping("/console/sites")
    String create(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String name, Model model) {
        SiteKind siteKind;
        try {
            siteKind = SiteKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return failed(model, "kind: Select a valid choice.");
        }
        try {
            long id = transaction.execute(tx -> {
                long created = sites.create(siteKind, name);
                audit.record(me, "create site", "site " + created, null, Map.of("kind", siteKind.dbValue(), "name", name.strip()));
                return created;
            });
            return "redirect:/console/sites?created=" + id + showing(siteKind, name.strip());
        } catch (ValidationException e) {
            return failed(model, Forms.messages(e).get(0));
        }
    }

    @PostMapping("/console/sites/{id}")
    String rename(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String name, Model model) {
        SiteKind siteKind;
        try {
            siteKind = SiteKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return failed(model, "Choose a kind: factory, distribution or store.");
        }
        try {
            transaction.executeWithoutResult(tx -> {
                SiteAdmin.Renamed renamed = sites.rename(siteKind, id, name).orElseThrow(NotFoundException::new);
                audit.record(me, "rename site", "site " + id, renamed.before(), renamed.after());
            });
            return "redirect:/console/sites?renamed=" + id + showing(siteKind, name.strip());
        } catch (ValidationException e) {
            return failed(model, Forms.messages(e).get(0));
        }
    }

    /** The search that lists the site just written (the whole list may hold thousands). */
    private static String showing(SiteKind kind, String name) {
        return "&kind=" + kind.dbValue() + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private String failed(Model model, String error) {
        model.addAttribute("error", error);
        return list(Map.of(), model);
    }
}
