package dev.scanledger.web;

import dev.scanledger.db.DatabaseFailures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database failure a retry may cure, raised outside Spring MVC (while the token is looked up, or
 * while an idempotent request's transaction begins or commits), answers 503 with Retry-After here
 * instead of reaching the container as a 500. Failures inside MVC are answered by
 * {@link DrfExceptionHandler} the same way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class TransientFailureFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TransientFailureFilter.class);

    private final ServiceUnavailable unavailable;

    TransientFailureFilter(ServiceUnavailable unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!DatabaseFailures.isTransient(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("{} {}: database unavailable: {}", request.getMethod(), request.getRequestURI(), rootMessage(e));
            response.reset();
            unavailable.writeDatabase(response);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
