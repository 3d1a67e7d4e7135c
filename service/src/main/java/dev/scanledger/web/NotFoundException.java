package dev.scanledger.web;

/** A 404 {@code {"detail": "Not found."}}, as DRF's Http404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException() {
        this("Not found.");
    }

    public NotFoundException(String detail) {
        super(detail, null, false, false);
    }
}
