package dev.scanledger.throttling;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.web.Detail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * DRF's UserRateThrottle for the API: {@code scanledger.throttle.user} requests per user and period
 * ("1000/day"), off when blank, which is the default, as in the original (no DEFAULT_THROTTLE_CLASSES).
 * When on, each authenticated API request costs one short transaction on the shared bucket table.
 */
@Component
// After Spring Security's chain (order -100), which has resolved the caller; before the idempotency filter (0).
@Order(-50)
public class UserRateThrottle extends OncePerRequestFilter {

    private final Throttles throttles;
    private final Rate rate;
    private final JsonMapper json;

    @Autowired
    UserRateThrottle(Throttles throttles, @Value("${scanledger.throttle.user:}") String rate, JsonMapper json) {
        this(throttles, Rate.parse(rate), json);
    }

    UserRateThrottle(Throttles throttles, Rate rate, JsonMapper json) {
        this.throttles = throttles;
        this.rate = rate;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return rate == null || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user) {
            Optional<Duration> wait = throttles.take("user", String.valueOf(user.id()), rate);
            if (wait.isPresent()) {
                Throttled throttled = new Throttled(wait.get());
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.waitSeconds()));
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                json.writeValue(response.getOutputStream(), new Detail(throttled.detail()));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
