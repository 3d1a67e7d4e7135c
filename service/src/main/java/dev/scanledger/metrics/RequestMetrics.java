package dev.scanledger.metrics;

import dev.scanledger.scans.ScanAnswers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What each request came to, counted once it is answered: a timer per (method, route, status), the
 * scan endpoints' outcomes, Idempotency-Key replays, 409/422/429/503 answers, logins, token lookups
 * and database errors. Every meter is built once (the fixed ones here, a timer at its first route and
 * status) and held, so a request costs map lookups and increments, not meter registrations; the route
 * is the handler's pattern, never the raw path, so the number of series stays bounded.
 * {@code scanledger.metrics.requests.enabled=false} takes the filter out (for measuring its cost).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@ConditionalOnBooleanProperty(name = "scanledger.metrics.requests.enabled", matchIfMissing = true)
class RequestMetrics extends OncePerRequestFilter {

    static final String SCANS_ROUTE = "/api/scans/";
    static final String UPSERT_ROUTE = "/api/labels/{label}/scans/{phase}/";
    static final String TOKEN_ROUTE = "/api/auth/token/";
    private static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final Map<RouteKey, Timer> timers = new ConcurrentHashMap<>();
    private final Counter created;
    private final Counter duplicate;
    private final Counter invalid;
    private final Counter upsertCreated;
    private final Counter upsertUpdated;
    private final Counter upsertDuplicate;
    private final Counter upsertInvalid;
    private final Counter replays;
    private final Counter conflicts;
    private final Counter unprocessable;
    private final Counter throttled;
    private final Counter unavailable;
    private final Counter loginSuccess;
    private final Counter loginFailure;
    private final Counter loginThrottled;
    private final Counter tokenFound;
    private final Counter tokenRefused;
    private final Counter databaseErrors;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.created = scans(registry, "create", "created");
        this.duplicate = scans(registry, "create", "duplicate");
        this.invalid = scans(registry, "create", "invalid");
        this.upsertCreated = scans(registry, "upsert", "created");
        this.upsertUpdated = scans(registry, "upsert", "updated");
        this.upsertDuplicate = scans(registry, "upsert", "duplicate");
        this.upsertInvalid = scans(registry, "upsert", "invalid");
        this.replays = Counter.builder("scanledger.idempotency.replays").description("Answers replayed for a repeated Idempotency-Key").register(registry);
        this.conflicts = responses(registry, 409);
        this.unprocessable = responses(registry, 422);
        this.throttled = responses(registry, 429);
        this.unavailable = responses(registry, 503);
        this.loginSuccess = logins(registry, "success");
        this.loginFailure = logins(registry, "failure");
        this.loginThrottled = logins(registry, "throttled");
        this.tokenFound = Counter.builder("scanledger.token.lookups").tag("outcome", "found").register(registry);
        this.tokenRefused = Counter.builder("scanledger.token.lookups").tag("outcome", "refused").register(registry);
        this.databaseErrors = Counter.builder("scanledger.database.errors")
                .description("Requests that failed on the database (not a constraint's refusal)").register(registry);
    }

    private static Counter scans(MeterRegistry registry, String endpoint, String outcome) {
        return Counter.builder("scanledger.scans").description("Scans sent to the single-scan endpoints, by outcome")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry);
    }

    private static Counter responses(MeterRegistry registry, int status) {
        return Counter.builder("scanledger.responses").description("Answers that say retry, conflict or slow down")
                .tag("status", String.valueOf(status)).register(registry);
    }

    private static Counter logins(MeterRegistry registry, String outcome) {
        return Counter.builder("scanledger.api.logins").tag("outcome", outcome).register(registry);
    }

    private record RouteKey(String method, String route, int status) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            record(request, response, System.nanoTime() - start);
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, long nanos) {
        int status = response.getStatus();
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = pattern instanceof String matched ? matched : UNMATCHED;
        String method = request.getMethod();
        timers.computeIfAbsent(new RouteKey(method, route, status), key -> Timer.builder("scanledger.http.requests")
                .description("Requests by method, route (the handler's pattern) and status")
                .tag("method", key.method()).tag("route", key.route()).tag("status", String.valueOf(key.status()))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        boolean replayed = response.getHeader("Idempotent-Replayed") != null;
        if (replayed) {
            replays.increment();
        }
        switch (status) {
            case 409 -> conflicts.increment();
            case 422 -> unprocessable.increment();
            case 429 -> throttled.increment();
            case 503 -> unavailable.increment();
            default -> { }
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Token ", 0, 6)) {
            (status == 401 ? tokenRefused : tokenFound).increment();
        }
        Object failure = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        if (failure instanceof DataAccessException && !(failure instanceof DataIntegrityViolationException)) {
            databaseErrors.increment();
        }
        if (!replayed) {
            outcome(method, route, status, failure);
        }
    }

    private void outcome(String method, String route, int status, Object failure) {
        if (route.equals(SCANS_ROUTE) && method.equals("POST")) {
            if (status == 201) {
                created.increment();
            } else if (status == 400) {
                (ScanAnswers.isDuplicate((Throwable) failure) ? duplicate : invalid).increment();
            }
        } else if (route.equals(UPSERT_ROUTE) && method.equals("PUT")) {
            if (status == 201) {
                upsertCreated.increment();
            } else if (status == 200) {
                upsertUpdated.increment();
            } else if (status == 400 || status == 404) {
                (status == 400 && ScanAnswers.isDuplicate((Throwable) failure) ? upsertDuplicate : upsertInvalid).increment();
            }
        } else if (route.equals(TOKEN_ROUTE) && method.equals("POST")) {
            switch (status) {
                case 200 -> loginSuccess.increment();
                case 400 -> loginFailure.increment();
                case 429 -> loginThrottled.increment();
                default -> { }
            }
        }
    }
}
