package dev.scanledger.accounts;

import dev.scanledger.web.DrfView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * django-rest-knox's LogoutView and LogoutAllView: the presented key, or every key of its user, stops working.
 * Both answer 204 without a body, as knox does; without a valid key, TokenAuthentication's 401.
 */
@RestController
class LogoutController {

    private final ApiTokens tokens;

    LogoutController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @DrfView(name = "Logout", formatSuffix = false)
    @PostMapping("/api/auth/logout/")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(HttpServletRequest request) {
        // TokenAuthenticationFilter has accepted exactly this header: "Token <key>".
        String[] parts = request.getHeader(HttpHeaders.AUTHORIZATION).trim().split("\\s+");
        tokens.revokeKey(parts[1]);
    }

    @DrfView(name = "Logout All", formatSuffix = false)
    @PostMapping("/api/auth/logoutall/")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logoutAll(@AuthenticationPrincipal AuthenticatedUser user) {
        tokens.revokeAll(user.id());
    }
}
