package dev.scanledger.web;

import dev.scanledger.db.DatabaseFailures;
import dev.scanledger.throttling.Throttled;
import dev.scanledger.unique.DuplicateKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;

/** Answers every error in DRF's wire format; an unexpected exception is the only path to a 500. */
@RestControllerAdvice
class DrfExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DrfExceptionHandler.class);

    private final DataSource dataSource;
    private final JsonMapper json;
    private final ServiceUnavailable unavailable;

    DrfExceptionHandler(DataSource dataSource, JsonMapper json, ServiceUnavailable unavailable) {
        this.dataSource = dataSource;
        this.json = json;
        this.unavailable = unavailable;
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<Map<String, List<String>>> invalid(ValidationException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(e.errors());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Detail> notFound(NotFoundException e) {
        return Detail.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Detail> noSuchPath() {
        return Detail.response(HttpStatus.NOT_FOUND, "Not found.");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Detail> api(ApiException e) {
        return Detail.response(e.status(), e.getMessage());
    }

    @ExceptionHandler(Throttled.class)
    ResponseEntity<Detail> throttled(Throttled e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.waitSeconds()))
                .body(new Detail(e.detail()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Detail> unreadable(HttpMessageNotReadableException e) {
        if (BodySizeLimitFilter.isBodyTooLarge(e)) {
            return tooLarge();
        }
        return Detail.response(HttpStatus.BAD_REQUEST, "JSON parse error - " + describe(e));
    }

    @ExceptionHandler(BodySizeLimitFilter.BodyTooLargeException.class)
    ResponseEntity<Detail> bodyTooLarge() {
        return tooLarge();
    }

    /**
     * Jetty refusing to parse form parameters or parts: over its form limits says 413 (as does a chunked body cut
     * off by the body limit), anything else about the parameters is a malformed request.
     */
    @ExceptionHandler({HttpException.RuntimeException.class, HttpException.IllegalArgumentException.class,
            HttpException.IllegalStateException.class})
    ResponseEntity<Detail> containerRefusedParameters(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
                return tooLarge();
            }
        }
        return Detail.response(HttpStatus.BAD_REQUEST, "Malformed request parameters.");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Detail> uploadTooLarge() {
        return tooLarge();
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Detail> badMultipart(MultipartException e) {
        if (BodySizeLimitFilter.isBodyTooLarge(e)) {
            return tooLarge();
        }
        return Detail.response(HttpStatus.BAD_REQUEST, "Multipart form parse error - " + e.getMostSpecificCause().getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Detail> unsupportedMediaType(HttpServletRequest request) {
        // DRF quotes the header as sent (parameters and spacing included, or unparseable as it is)
        String type = request.getContentType() == null ? "" : request.getContentType();
        return Detail.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type \"" + type + "\" in request.");
    }

    /**
     * Written directly: negotiating this body against the very Accept header that was refused would
     * drop it. DRF, too, answers this one in JSON whatever was asked for.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Detail("Could not satisfy the request Accept header."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Detail> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletResponse response) {
        HttpHeaders headers = new HttpHeaders();
        // An API path's Allow is its DRF view's, set already (DrfPathsFilter)
        if (e.getSupportedHttpMethods() != null && !response.containsHeader(HttpHeaders.ALLOW)) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(new Detail("Method \"" + e.getMethod() + "\" not allowed."));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<?> integrity(DataIntegrityViolationException e) {
        return ConstraintErrors.translate(e, Map.of())
                .or(() -> unregisteredDuplicate(e))
                .<ResponseEntity<?>>map(this::invalid)
                .orElseGet(() -> unexpected(e));
    }

    /**
     * A fresh connection, not the request's: inside an idempotent request the failed statement has
     * aborted that transaction, and the catalog lookup must still run.
     */
    private Optional<ValidationException> unregisteredDuplicate(DataIntegrityViolationException e) {
        try (Connection connection = dataSource.getConnection()) {
            return DuplicateKeys.identify(connection, e).map(key -> ConstraintErrors.unregisteredDuplicate(key.columns()));
        } catch (SQLException | RuntimeException lookupFailed) {
            e.addSuppressed(lookupFailed);
            return Optional.empty();
        }
    }

    /** The database is unreachable, or a statement ran into its timeout: 503, never a 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Detail> unexpected(Exception e) {
        if (DatabaseFailures.isTransient(e)) {
            log.warn("Database unavailable: {}", TransientFailureFilter.rootMessage(e));
            return unavailable.databaseEntity();
        }
        log.error("Unexpected error", e);
        return Detail.response(HttpStatus.INTERNAL_SERVER_ERROR, "A server error occurred.");
    }

    private static ResponseEntity<Detail> tooLarge() {
        return Detail.response(HttpStatus.PAYLOAD_TOO_LARGE, "Request body is too large.");
    }

    /**
     * The parser's own words for what is wrong and where, without what names its internals (a class or
     * setting in backquotes, as Jackson quotes them), so nothing of the implementation shows.
     */
    private static String describe(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof JacksonException jackson) {
            TokenStreamLocation at = jackson.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + " column " + at.getColumnNr() + ")";
            return withoutInternals(jackson.getOriginalMessage()) + where;
        }
        return "Malformed request body.";
    }

    static String withoutInternals(String message) {
        if (message == null) {
            return "Malformed request body";
        }
        String cleaned = message
                .replaceAll("\\s*\\((?:from|for|through|via)?[^()]*`[^`]*`[^()]*\\)", "")
                .replaceAll("`[^`]*\\.[^`]*`", "the value")
                .replaceAll("(?:tools\\.jackson|com\\.fasterxml|java\\.lang)\\.[\\w.$]+", "value")
                .strip();
        return cleaned.length() > 300 ? cleaned.substring(0, 300) + "..." : cleaned;
    }
}
