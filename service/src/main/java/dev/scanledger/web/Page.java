package dev.scanledger.web;

import java.util.List;

/** DRF's PageNumberPagination body. */
public record Page<T>(long count, String next, String previous, List<T> results) {
}
