package dev.scanledger.web;

import org.springframework.http.HttpStatus;

/** Any other API error answered as {@code {"detail": "..."}} with the given status. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
