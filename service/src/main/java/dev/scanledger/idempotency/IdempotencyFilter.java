package dev.scanledger.idempotency;

import dev.scanledger.accounts.AuthenticatedUser;
import dev.scanledger.web.Detail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Safe retries for every authenticated POST and PUT of the API (the IETF HTTPAPI Idempotency-Key
 * draft). A keyed request runs inside one database transaction together with the record of its
 * answer, so the answer is stored exactly when the write commits; its retries get that answer back.
 */
@Component
// After Spring Security's filter chain (order -100), which has resolved the caller by then.
@Order(0)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String REPLAYED = "Idempotent-Replayed";
    static final String IN_FLIGHT = "A request with this Idempotency-Key is still being processed. Retry it later.";
    static final String MISMATCH = "This Idempotency-Key was already used for a different request (method, path or body).";
    private static final List<String> REPLAYED_HEADERS = List.of("Content-Type", "Location", "Allow");

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyRecords records;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Duration ttl;

    IdempotencyFilter(IdempotencyRecords records, PlatformTransactionManager transactionManager, JsonMapper json,
            @Value("${scanledger.idempotency.ttl}") Duration ttl) {
        this.records = records;
        this.transactions = new TransactionTemplate(transactionManager);
        this.json = json;
        this.ttl = ttl;
    }

    /** Logging in is exempt: its answer is a secret that must not be stored, and a retry is harmless. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(method.equals("POST") || method.equals("PUT"))
                || !path.startsWith("/api/")
                || path.equals("/api/auth/token/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<IdempotencyKey> key;
        try {
            key = IdempotencyKey.of(request.getHeader(IdempotencyKey.HEADER));
        } catch (IdempotencyKey.InvalidKeyException e) {
            answer(response, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Optional<AuthenticatedUser> user = caller();
        if (key.isEmpty() || user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest keyed = request;
        byte[] fingerprint;
        if (RequestFingerprint.isForm(request)) {
            try {
                fingerprint = RequestFingerprint.ofForm(request);
            } catch (IOException | ServletException | IllegalStateException e) {
                // A form that cannot be read is refused by the handler the usual way; nothing to record.
                chain.doFilter(request, response);
                return;
            }
        } else {
            CachedBodyRequest cached = CachedBodyRequest.read(request);
            if (!cached.isReadable()) {
                chain.doFilter(cached, response);
                return;
            }
            keyed = cached;
            fingerprint = RequestFingerprint.ofBody(request, cached.body());
        }
        run(new Keyed(user.get().id(), key.get(), fingerprint), keyed, response, chain);
    }

    private record Keyed(long userId, IdempotencyKey key, byte[] fingerprint) {
    }

    private enum Kind { IN_FLIGHT, MISMATCH, REPLAY, EXECUTED, FAILED }

    private record Outcome(Kind kind, StoredResponse stored) {
        static Outcome of(Kind kind) {
            return new Outcome(kind, null);
        }
    }

    private void run(Keyed keyed, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome = transactions.execute(tx -> {
            if (!records.tryClaim(keyed.userId(), keyed.key())) {
                return Outcome.of(Kind.IN_FLIGHT);
            }
            Optional<IdempotencyRecords.Stored> stored = records.findLive(keyed.userId(), keyed.key(), ttl);
            if (stored.isPresent()) {
                return MessageDigest.isEqual(stored.get().fingerprint(), keyed.fingerprint())
                        ? new Outcome(Kind.REPLAY, stored.get().response()) : Outcome.of(Kind.MISMATCH);
            }
            execute(chain, request, captured);
            StoredResponse answer = capture(captured);
            if (answer.status() >= 500) {
                // A server error is no answer to keep: roll back, so a retry executes again.
                tx.setRollbackOnly();
                return Outcome.of(Kind.EXECUTED);
            }
            try {
                records.save(keyed.userId(), keyed.key(), keyed.fingerprint(), answer);
            } catch (DataAccessException e) {
                // The transaction failed under the handler. A refusal wrote nothing and can still be
                // sent; a success would be a lie, because its write is rolled back with the record.
                log.warn("Could not record the answer to an idempotent request", e);
                tx.setRollbackOnly();
                return Outcome.of(answer.status() < 300 ? Kind.FAILED : Kind.EXECUTED);
            }
            return Outcome.of(Kind.EXECUTED);
        });
        switch (outcome.kind()) {
            case IN_FLIGHT -> {
                response.setHeader("Retry-After", "1");
                answer(response, HttpStatus.CONFLICT, IN_FLIGHT);
            }
            case MISMATCH -> answer(response, HttpStatus.UNPROCESSABLE_CONTENT, MISMATCH);
            case REPLAY -> replay(outcome.stored(), response);
            case EXECUTED -> captured.copyBodyToResponse();
            case FAILED -> answer(response, HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.");
        }
    }

    private static void execute(FilterChain chain, HttpServletRequest request, HttpServletResponse response) {
        try {
            chain.doFilter(request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ServletException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredResponse capture(ContentCachingResponseWrapper response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = name.equals("Content-Type") ? response.getContentType() : response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new StoredResponse(response.getStatus(), headers, response.getContentAsByteArray());
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        response.setContentLength(stored.body().length);
        response.getOutputStream().write(stored.body());
    }

    private void answer(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Detail(detail));
    }

    private static Optional<AuthenticatedUser> caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof AuthenticatedUser user
                ? Optional.of(user) : Optional.empty();
    }
}
