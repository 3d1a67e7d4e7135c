package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.LongFunction;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * DRF's PageNumberPagination: {@code ?page=} (1-based; anything else is 404 "Invalid page.") and
 * {@code ?page_size=} (ignored when not a positive integer, capped at {@link #MAX_PAGE_SIZE}).
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    public static PageRequest of(HttpServletRequest request) {
        return new PageRequest(parsePage(request.getParameter("page")), parseSize(request.getParameter("page_size")));
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    /**
     * Builds the page from the total count and a loader of this page's rows; a page past the last
     * (other than an empty first page) is 404 "Invalid page.", as in DRF.
     */
    public <T> Page<T> load(HttpServletRequest request, long count, LongFunction<List<T>> rowsAtOffset) {
        long lastPage = Math.max(1, (count + size - 1) / size);
        if (page > lastPage) {
            throw new NotFoundException("Invalid page.");
        }
        List<T> results = count == 0 ? List.of() : rowsAtOffset.apply(offset());
        String next = page < lastPage ? link(page + 1) : null;
        String previous = page > 1 ? link(page - 1) : null;
        return new Page<>(count, next, previous, results);
    }

    private static String link(int target) {
        ServletUriComponentsBuilder uri = ServletUriComponentsBuilder.fromCurrentRequest();
        return (target == 1 ? uri.replaceQueryParam("page") : uri.replaceQueryParam("page", target)).build().toUriString();
    }

    private static int parsePage(String raw) {
        if (raw == null) {
            return 1;
        }
        try {
            int page = Integer.parseInt(raw.trim());
            if (page >= 1) {
                return page;
            }
        } catch (NumberFormatException e) {
            // answered below, as DRF does
        }
        throw new NotFoundException("Invalid page.");
    }

    private static int parseSize(String raw) {
        if (raw == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(raw.trim());
            return size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
        } catch (NumberFormatException e) {
            return DEFAULT_PAGE_SIZE;
        }
    }
}
