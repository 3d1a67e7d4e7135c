package dev.scanledger.console;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log of console changes, newest first. */
@Controller
class AuditPages {

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String list(@RequestParam(required = false) String before, @RequestParam(required = false) String target, Model model) {
        List<AuditLog.Entry> entries = audit.page(Forms.number(before), Forms.text(target));
        boolean more = entries.size() > AuditLog.PAGE;
        model.addAttribute("entries", more ? entries.subList(0, AuditLog.PAGE) : entries);
        model.addAttribute("next", more ? entries.get(AuditLog.PAGE - 1).id() : null);
        model.addAttribute("target", Forms.text(target));
        return "console/audit";
    }
}
