package dev.scanledger.console;

import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The rejected duplicates: why a phone said "duplicate". */
@Controller
class DuplicatePages {

    private final DuplicateSearch duplicates;

    DuplicatePages(DuplicateSearch duplicates) {
        this.duplicates = duplicates;
    }

    @GetMapping("/console/duplicates")
    String list(@RequestParam Map<String, String> query, Model model) {
        Long before = Forms.number(query.get("before"));
        model.addAttribute("query", query);
        model.addAttribute("before", before);
        model.addAttribute("page", duplicates.search(Forms.text(query.get("driver")), Forms.text(query.get("code")), before));
        return "console/duplicates";
    }
}
