package dev.scanledger.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/** DRF's {@code {"detail": "..."}} error body. */
public record Detail(String detail) {

    public static ResponseEntity<Detail> response(HttpStatusCode status, String detail) {
        return ResponseEntity.status(status).body(new Detail(detail));
    }
}
