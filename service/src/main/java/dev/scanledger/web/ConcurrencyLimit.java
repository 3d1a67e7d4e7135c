package dev.scanledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Beyond capacity the API sheds load instead of queueing without bound: at most
 * {@code scanledger.overload.max-active-requests} API requests run at once, at most
 * {@code max-queued-requests} more wait (first come, first served) up to {@code max-queue-wait}, and
 * the rest answer 503 with {@code Retry-After} at once. Both together stay below Jetty's thread count,
 * so a thread is always free to shed a request or answer a health probe (probes and media are not
 * counted).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class ConcurrencyLimit extends OncePerRequestFilter {

    private final Semaphore active;
    private final int maxQueued;
    private final Duration maxQueueWait;
    private final Duration retryAfter;
    private final ServiceUnavailable unavailable;
    private final AtomicInteger queued = new AtomicInteger();

    ConcurrencyLimit(@Value("${scanledger.overload.max-active-requests}") int maxActive,
            @Value("${scanledger.overload.max-queued-requests}") int maxQueued,
            @Value("${scanledger.overload.max-queue-wait}") Duration maxQueueWait,
            @Value("${scanledger.overload.retry-after}") Duration retryAfter, ServiceUnavailable unavailable) {
        this.active = new Semaphore(maxActive, true);
        this.maxQueued = maxQueued;
        this.maxQueueWait = maxQueueWait;
        this.retryAfter = retryAfter;
        this.unavailable = unavailable;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enter()) {
            unavailable.write(response, retryAfter);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            active.release();
        }
    }

    private boolean enter() {
        try {
            // Timed even with no wait: the untimed tryAcquire takes a freed place ahead of those queued for it.
            if (active.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                return false;
            }
            try {
                return active.tryAcquire(maxQueueWait.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                queued.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
