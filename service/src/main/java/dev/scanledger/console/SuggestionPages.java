package dev.scanledger.console;

import dev.scanledger.sites.SiteKind;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The names a form suggests while one is typed (a datalist's options): a site or a driver is named, not
 * picked from a list of every one of them, which would grow with the data.
 */
@Controller
class SuggestionPages {

    static final int SUGGESTED = 20;

    private final SiteAdmin sites;
    private final UserAdmin users;

    SuggestionPages(SiteAdmin sites, UserAdmin users) {
        this.sites = sites;
        this.users = users;
    }

    @GetMapping("/console/suggest/sites")
    String sites(@RequestParam(required = false) String kind, @RequestParam(required = false) String q, Model model) {
        SiteKind siteKind = Forms.choice(kind, SiteKind.class);
        String text = Forms.orEmpty(Forms.text(q));
        model.addAttribute("names", sites.namesStartingWith(siteKind, text, SUGGESTED));
        return "console/suggest :: options";
    }

    @GetMapping("/console/suggest/drivers")
    String drivers(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("names", users.activeDriversStartingWith(Forms.orEmpty(Forms.text(q)), SUGGESTED));
        return "console/suggest :: options";
    }
}
