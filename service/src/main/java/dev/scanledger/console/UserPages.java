package dev.scanledger.console;

import dev.scanledger.accounts.ApiTokens;
import dev.scanledger.accounts.Role;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.ValidationException;
import java.util.LinkedHashMap;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users: list, create, edit names and role, reset a password, deactivate and reactivate, issue, list
 * and revoke keys. A manager manages drivers; an admin manages everyone; nobody deactivates or demotes
 * themselves (the console would lock them out).
 */
@Controller
class UserPages {

    private final UserAdmin users;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    UserPages(UserAdmin users, ApiTokens tokens, AuditLog audit, PlatformTransactionManager transactions) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    @GetMapping("/console/users")
    String list(@RequestParam Map<String, String> query, Model model) {
        String status = Forms.text(query.get("status"));
        UserAdmin.Criteria criteria = new UserAdmin.Criteria(
                Forms.text(query.get("q")),
                Forms.choice(query.get("role"), Role.class),
                "active".equals(status) ? Boolean.TRUE : "deactivated".equals(status) ? Boolean.FALSE : null,
                Forms.text(query.get("after")));
        model.addAttribute("query", query);
        model.addAttribute("criteria", criteria);
        model.addAttribute("page", users.search(criteria));
        return "console/users";
    }

    @GetMapping("/console/users/new")
    String newUser(Model model) {
        model.addAttribute("form", Map.of());
        return "console/user-new";
    }

    @PostMapping("/console/users")
    String create(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam Map<String, String> form, Model model) {
        try {
            UserAdmin.Names names = names(me, form, null);
            long id = transaction.execute(tx -> {
                long created = users.create(form.get("username"), form.get("password"), names);
                audit.record(me, "create user", "user " + created, null, snapshot(Forms.orEmpty(form.get("username")), names));
                return created;
            });
            return "redirect:/console/users/" + id + "?created";
        } catch (ValidationException e) {
            model.addAttribute("errors", Forms.messages(e));
            model.addAttribute("form", form);
            return "console/user-new";
        }
    }

    @GetMapping("/console/users/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("user", users.find(id).orElseThrow(NotFoundException::new));
        model.addAttribute("keys", tokens.keysOf(id));
        model.addAttribute("history", audit.page(null, "user " + id));
        return "console/user";
    }

    @PostMapping("/console/users/{id}")
    String edit(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @RequestParam Map<String, String> form, Model model) {
        UserAdmin.Account account = manageable(me, id);
        try {
            UserAdmin.Names names = names(me, form, account.role());
            if (id == me.id() && names.role() != null && names.role() != account.role()) {
                throw new ConsoleAdvice.NotAllowed("You cannot change your own role.");
            }
            transaction.executeWithoutResult(tx -> {
                UserAdmin.Change change = users.update(id, names).orElseThrow(NotFoundException::new);
                audit.record(me, "edit user", "user " + id, change.before(), change.after());
            });
            return "redirect:/console/users/" + id + "?saved";
        } catch (ValidationException e) {
            model.addAttribute("errors", Forms.messages(e));
            return detail(id, model);
        }
    }

    @PostMapping("/console/users/{id}/password")
    String resetPassword(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @RequestParam(defaultValue = "") String password,
            Model model) {
        manageable(me, id);
        try {
            transaction.executeWithoutResult(tx -> {
                users.setPassword(id, password);
                audit.record(me, "reset password", "user " + id, null, Map.of("password", "changed"));
            });
            return "redirect:/console/users/" + id + "?password-changed";
        } catch (ValidationException e) {
            model.addAttribute("errors", Forms.messages(e));
            return detail(id, model);
        }
    }

    @PostMapping("/console/users/{id}/active")
    String setActive(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @RequestParam boolean active) {
        manageable(me, id);
        if (id == me.id()) {
            throw new ConsoleAdvice.NotAllowed("You cannot deactivate yourself.");
        }
        transaction.executeWithoutResult(tx -> users.setActive(id, active).ifPresent(change ->
                audit.record(me, active ? "reactivate user" : "deactivate user", "user " + id, change.before(), change.after())));
        return "redirect:/console/users/" + id;
    }

    /** What {@code users token} does: a new key for the user, shown this once (only its hash is kept). */
    @PostMapping("/console/users/{id}/keys")
    String issue(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, RedirectAttributes shownOnce) {
        manageable(me, id);
        String key = transaction.execute(tx -> {
            String issued = tokens.issue(id);
            audit.record(me, "issue key", "user " + id, null, Map.of("prefix", issued.substring(0, 8)));
            return issued;
        });
        shownOnce.addFlashAttribute("issuedKey", key);
        return "redirect:/console/users/" + id;
    }

    @PostMapping("/console/users/{id}/keys/{key}/revoke")
    String revoke(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id, @PathVariable long key) {
        manageable(me, id);
        transaction.executeWithoutResult(tx -> {
            if (tokens.revoke(id, key)) {
                audit.record(me, "revoke key", "user " + id, Map.of("key", key), null);
            }
        });
        return "redirect:/console/users/" + id;
    }

    @PostMapping("/console/users/{id}/keys/revoke-all")
    String revokeAll(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable long id) {
        manageable(me, id);
        transaction.executeWithoutResult(tx -> {
            int revoked = tokens.revokeAll(id);
            if (revoked > 0) {
                audit.record(me, "revoke all keys", "user " + id, Map.of("keys", revoked), Map.of("keys", 0));
            }
        });
        return "redirect:/console/users/" + id;
    }

    private UserAdmin.Account manageable(ConsolePrincipal me, long id) {
        UserAdmin.Account account = users.find(id).orElseThrow(NotFoundException::new);
        if (!UserAdmin.mayManage(me, account.role()) && account.id() != me.id()) {
            throw new ConsoleAdvice.NotAllowed("Managers manage drivers; ask an admin to change this " + account.roleName() + ".");
        }
        return account;
    }

    /**
     * {@code current} is the role the user has now (null for a new one): keeping it needs no right to give it. An
     * unknown role is null here, refused with the other fields' errors.
     */
    private static UserAdmin.Names names(ConsolePrincipal me, Map<String, String> form, Role current) {
        Role role = Forms.choice(form.get("role"), Role.class);
        if (role != null && role != current && !UserAdmin.mayManage(me, role)) {
            throw new ConsoleAdvice.NotAllowed("Managers create and edit drivers; only an admin gives the role " + role.dbValue() + ".");
        }
        return new UserAdmin.Names(Forms.orEmpty(form.get("first_name")), Forms.orEmpty(form.get("last_name")),
                Forms.orEmpty(form.get("email")), role);
    }

    private static Map<String, Object> snapshot(String username, UserAdmin.Names names) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("username", username);
        values.put("first_name", names.firstName());
        values.put("last_name", names.lastName());
        values.put("email", names.email());
        values.put("role", names.role().dbValue());
        return values;
    }
}
