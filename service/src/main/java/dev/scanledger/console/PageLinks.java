package dev.scanledger.console;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Links between the pages of a list, available to the templates as {@code @pages}: the request's own path
 * and search, with only the cursor ({@code after}, or {@code before} for the logs read newest first) changed.
 */
@Component("pages")
class PageLinks {

    /** The next page, after {@code cursor} (a null cursor: no next page, no link). */
    public String next(String cursor) {
        return cursor == null ? null : link("after", cursor);
    }

    /** The next page of a list read newest first, before {@code cursor}. */
    public String older(Object cursor) {
        return cursor == null ? null : link("before", cursor.toString());
    }

    /** The first page of the same search. */
    public String first() {
        return link(null, null);
    }

    private static String link(String cursorName, String cursor) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        List<String> query = new ArrayList<>();
        // The query string only: a form posted to the page (a failed create) is not part of its search.
        String queryString = request.getQueryString() == null ? "" : request.getQueryString();
        for (String pair : queryString.split("&")) {
            String[] parts = pair.split("=", 2);
            String name = decode(parts[0]);
            String value = parts.length < 2 ? "" : decode(parts[1]);
            if (name != null && value != null && !value.isEmpty() && !name.equals("after") && !name.equals("before")) {
                query.add(encode(name) + "=" + encode(value));
            }
        }
        if (cursor != null) {
            query.add(cursorName + "=" + encode(cursor));
        }
        return request.getRequestURI() + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    /** Null for a malformed escape, which the link then leaves out. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
