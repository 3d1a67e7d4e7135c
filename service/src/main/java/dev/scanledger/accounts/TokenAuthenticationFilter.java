package dev.scanledger.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * DRF's TokenAuthentication: {@code Authorization: Token <key>}. A request without that scheme goes on
 * unauthenticated (and is refused later where access needs a user); a malformed or unknown key is
 * refused here with DRF's own messages.
 */
class TokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final DrfSecurityResponses responses;

    TokenAuthenticationFilter(ApiTokens tokens, DrfSecurityResponses responses) {
        this.tokens = tokens;
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String[] parts = header == null ? new String[0] : header.trim().split("\\s+");
        if (parts.length == 0 || !parts[0].equalsIgnoreCase("token")) {
            chain.doFilter(request, response);
            return;
        }
        if (parts.length == 1) {
            responses.unauthorized(response, "Invalid token header. No credentials provided.");
            return;
        }
        if (parts.length > 2) {
            responses.unauthorized(response, "Invalid token header. Token string should not contain spaces.");
            return;
        }
        var owner = tokens.owner(parts[1]);
        if (owner.isEmpty()) {
            responses.unauthorized(response, "Invalid token.");
            return;
        }
        if (!owner.get().active()) {
            responses.unauthorized(response, "User inactive or deleted.");
            return;
        }
        AuthenticatedUser user = owner.get().user();
        var authority = new SimpleGrantedAuthority("ROLE_" + user.role().name());
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, List.of(authority)));
        chain.doFilter(request, response);
    }
}
