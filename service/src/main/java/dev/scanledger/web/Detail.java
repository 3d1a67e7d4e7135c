package dev.scanledger.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** DRF's {@code {"detail": "..."}} error body. */
public record Detail(String detail) {

    /**
     * JSON whatever the request's Accept said: the Content-Type is set here, so Spring writes the error
     * instead of failing to negotiate it (an error raised for a request accepting only text/html was a 500).
     */
    public static ResponseEntity<Detail> response(HttpStatusCode status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new Detail(detail));
    }
}
