package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * DRF's PageNumberPagination: {@code ?page=} (1-based, or {@code last}; absent is the first page; anything
 * else, an empty value too, is 404 "Invalid page.") and {@code ?page_size=} (ignored when not a positive
 * integer, capped at {@link #MAX_PAGE_SIZE}). {@link #page()} is {@link #LAST} for {@code ?page=last}.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;
    /** {@code ?page=last}: the last page, known only once the count is. */
    public static final int LAST = 0;

    public static PageRequest of(HttpServletRequest request) {
        return new PageRequest(parsePage(request.getParameter("page")), parseSize(request.getParameter("page_size")));
    }

    /** The offset of this page's first row; {@link #LAST} is resolved against {@code count}. */
    public long offset(long count) {
        return (long) (number(count) - 1) * size;
    }

    private long lastPage(long count) {
        return Math.max(1, (count + size - 1) / size);
    }

    private int number(long count) {
        return page == LAST ? (int) lastPage(count) : page;
    }

    /**
     * Builds the page from the total count and a loader of this page's rows; a page past the last
     * (other than an empty first page) is 404 "Invalid page.", as in DRF.
     */
    public <T> Page<T> load(HttpServletRequest request, long count, LongFunction<List<T>> rowsAtOffset) {
        long lastPage = lastPage(count);
        int number = number(count);
        if (number > lastPage) {
            throw new NotFoundException("Invalid page.");
        }
        List<T> results = count == 0 ? List.of() : rowsAtOffset.apply(offset(count));
        String next = number < lastPage ? link(number + 1) : null;
        String previous = number > 1 ? link(number - 1) : null;
        return new Page<>(count, next, previous, results);
    }

    /** DRF's replace_query_param / remove_query_param: the query is re-encoded with its keys sorted. */
    private static String link(int target) {
        UriComponentsBuilder uri = ServletUriComponentsBuilder.fromCurrentRequest();
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>(uri.build(true).getQueryParams());
        if (target == 1) {
            query.remove("page");
        } else {
            query.put("page", List.of(String.valueOf(target)));
        }
        uri.replaceQuery(null);
        new TreeMap<>(query).forEach((name, values) -> uri.queryParam(name, values.toArray()));
        return uri.build(true).toUriString();
    }

    private static int parsePage(String raw) {
        // DRF 3.14: `query_params.get("page", 1)`, so an empty value reaches Django's paginator, which refuses it.
        if (raw == null) {
            return 1;
        }
        if (raw.equals("last")) {
            return LAST;
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
            // Python's int() has no upper bound: any positive integer is capped, never ignored.
            BigInteger size = new BigInteger(raw.trim());
            return size.signum() > 0 ? size.min(BigInteger.valueOf(MAX_PAGE_SIZE)).intValue() : DEFAULT_PAGE_SIZE;
        } catch (NumberFormatException e) {
            return DEFAULT_PAGE_SIZE;
        }
    }
}
