package dev.scanledger.web;

import dev.scanledger.db.DatabaseFailures;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside Spring MVC (by the container) still answer in DRF's {"detail": ...} shape. */
@RestController
class DrfErrorController implements ErrorController {

    private final ServiceUnavailable unavailable;

    DrfErrorController(ServiceUnavailable unavailable) {
        this.unavailable = unavailable;
    }

    @RequestMapping("/error")
    ResponseEntity<Detail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Requested as a path of its own, not forwarded by the container: no such resource.
            return Detail.response(HttpStatus.NOT_FOUND, "Not found.");
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseFailures.isTransient(failure)) {
            return unavailable.databaseEntity();
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = switch (status) {
            case NOT_FOUND -> "Not found.";
            case PAYLOAD_TOO_LARGE -> "Request body is too large.";
            case INTERNAL_SERVER_ERROR -> "A server error occurred.";
            default -> status.getReasonPhrase() + ".";
        };
        return Detail.response(status, detail);
    }
}
