package dev.scanledger.console;

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
        Long beforeId = Forms.number(before);
        model.addAttribute("page", audit.page(beforeId, Forms.text(target)));
        model.addAttribute("before", beforeId);
        model.addAttribute("target", Forms.text(target));
        return "console/audit";
    }
}
