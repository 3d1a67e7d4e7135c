package dev.scanledger.console;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows: who is signed in. Errors are {@link ConsoleErrors}' pages. */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
class ConsoleAdvice {

    @ModelAttribute
    void signedIn(@AuthenticationPrincipal ConsolePrincipal me, Model model) {
        if (me != null) {
            model.addAttribute("me", me);
        }
    }

    /** A console action the signed-in role may not take (a manager changing an admin, say): 403 with its reason. */
    static final class NotAllowed extends RuntimeException {
        NotAllowed(String message) {
            super(message, null, false, false);
        }
    }
}
