package dev.scanledger.console;

import dev.scanledger.db.DatabaseFailures;
import dev.scanledger.web.NotFoundException;
import dev.scanledger.web.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error under {@code /console/} answers a console page (a fragment for htmx) that says what went
 * wrong in words, never the API's JSON: ahead of the API's handlers, and also for what fails before a
 * controller is found (an upload over the limit, a wrong method, an unknown page). Only an unexpected
 * failure is a 500, and it is logged.
 */
@Component
class ConsoleErrors implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);
    static final String NOTHING_HERE = "There is nothing here.";

    private final DataSize maxUpload;
    private final Duration retryAfter;

    ConsoleErrors(@Value("${spring.servlet.multipart.max-request-size}") DataSize maxUpload,
            @Value("${scanledger.db.retry-after}") Duration retryAfter) {
        this.maxUpload = maxUpload;
        this.retryAfter = retryAfter;
    }

    record Problem(HttpStatus status, String message) {
    }

    /** Right after Boot's error attributes (which only record the error), before Spring MVC's own resolvers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/console/") && !request.getRequestURI().equals("/console")) {
            return null;
        }
        if (response.isCommitted()) {
            // a live feed whose browser went away: nothing left to tell anyone
            return new ModelAndView();
        }
        Problem problem = problem(e);
        if (problem.status().is5xxServerError() && problem.status() != HttpStatus.SERVICE_UNAVAILABLE) {
            log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        }
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", String.valueOf(retryAfter.toSeconds()));
        }
        ModelAndView page = new ModelAndView(request.getHeader("HX-Request") != null ? "console/error :: problem" : "console/error");
        page.setStatus(problem.status());
        page.addObject("message", problem.message());
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof ConsolePrincipal me) {
            page.addObject("me", me);
        }
        return page;
    }

    Problem problem(Exception e) {
        if (e instanceof NotFoundException || e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
            return new Problem(HttpStatus.NOT_FOUND, NOTHING_HERE);
        }
        if (e instanceof ConsoleAdvice.NotAllowed notAllowed) {
            return new Problem(HttpStatus.FORBIDDEN, notAllowed.getMessage());
        }
        if (e instanceof ValidationException invalid) {
            return new Problem(HttpStatus.BAD_REQUEST, String.join(" ", Forms.messages(invalid)));
        }
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            // a path that names no record (/console/users/abc) is a page that is not there
            return mismatch.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)
                    ? new Problem(HttpStatus.NOT_FOUND, NOTHING_HERE)
                    : new Problem(HttpStatus.BAD_REQUEST, mismatch.getName() + ": \"" + mismatch.getValue() + "\" is not a valid value.");
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return new Problem(HttpStatus.BAD_REQUEST, missing.getParameterName() + ": This field is required.");
        }
        if (e instanceof MissingServletRequestPartException missing) {
            return new Problem(HttpStatus.BAD_REQUEST, missing.getRequestPartName() + ": No file was submitted.");
        }
        if (e instanceof MaxUploadSizeExceededException || tooLarge(e)) {
            return new Problem(HttpStatus.PAYLOAD_TOO_LARGE, "The upload is too large: at most " + maxUpload.toMegabytes() + " MB.");
        }
        if (e instanceof MultipartException || e instanceof HttpException) {
            return new Problem(HttpStatus.BAD_REQUEST, "The form could not be read; send it again from the page.");
        }
        if (e instanceof HttpRequestMethodNotSupportedException method) {
            return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "This page does not take a " + method.getMethod() + " request.");
        }
        if (e instanceof HttpMediaTypeNotSupportedException) {
            return new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The form could not be read; send it again from the page.");
        }
        if (DatabaseFailures.isTransient(e)) {
            return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "The database did not answer in time. Try again in a moment.");
        }
        return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; it was logged. Try again, or tell an admin.");
    }

    /** Jetty refusing a form over its size limits. */
    private static boolean tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
                return true;
            }
        }
        return false;
    }
}
