package dev.scanledger.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one answer for "not now": 503 with {@code Retry-After} and a DRF-shaped {@code {"detail": ...}}.
 * Given when the database is unreachable or a statement ran into its timeout
 * ({@code scanledger.db.retry-after}), and when load is shed ({@code scanledger.overload.retry-after}).
 */
@Component
public class ServiceUnavailable {

    public static final String DETAIL = "Service temporarily unavailable, try again later.";

    private final JsonMapper json;
    private final Duration databaseRetryAfter;

    ServiceUnavailable(JsonMapper json, @Value("${scanledger.db.retry-after}") Duration databaseRetryAfter) {
        this.json = json;
        this.databaseRetryAfter = databaseRetryAfter;
    }

    /** The answer to a database failure a retry may cure. */
    public ResponseEntity<Detail> databaseEntity() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, seconds(databaseRetryAfter))
                .body(new Detail(DETAIL));
    }

    public void writeDatabase(HttpServletResponse response) throws IOException {
        write(response, databaseRetryAfter);
    }

    public void write(HttpServletResponse response, Duration retryAfter) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, seconds(retryAfter));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Detail(DETAIL));
    }

    /** Whole seconds, at least 1: {@code Retry-After: 0} would invite an immediate retry storm. */
    private static String seconds(Duration duration) {
        return String.valueOf(Math.max(1, (duration.toMillis() + 999) / 1000));
    }
}
