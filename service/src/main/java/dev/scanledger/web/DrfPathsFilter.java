package dev.scanledger.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens to an API request in Django and DRF before any view authenticates it: Django's APPEND_SLASH (301 to
 * the path with its slash, for every method), an unknown path's 404, DefaultRouter's format suffixes
 * ({@code /api/scans.json}), and DRF's content negotiation (404 for an unknown format, 406 for an Accept no renderer
 * meets). A known path's answers all carry its view's {@code Allow} and, with two renderers, {@code Vary: Accept}.
 * When the browsable API's renderer wins, the request runs as a JSON request and its answer is shown as an HTML page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DrfPathsFilter extends OncePerRequestFilter {

    /** DefaultRouter's format_suffix_patterns: {@code <path>.<format>} with an optional trailing slash. */
    private static final Pattern SUFFIX = Pattern.compile("^(.*)\\.([a-z0-9]+)/?$");

    private final DrfRoutes routes;
    private final JsonMapper json;
    private final BrowsableApiPage page;

    DrfPathsFilter(DrfRoutes routes, JsonMapper json, BrowsableApiPage page) {
        this.routes = routes;
        this.json = json;
        this.page = page;
    }

    /** The OpenAPI description and its UI are documents about the API, not DRF views. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !path.startsWith("/api/") || path.startsWith("/api/schema") || path.startsWith("/api/docs");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        String format = null;
        Optional<DrfRoutes.Route> route = routes.match(path);
        if (route.isEmpty()) {
            Matcher suffix = SUFFIX.matcher(path);
            if (suffix.matches()) {
                String stripped = suffix.group(1).endsWith("/") ? suffix.group(1) : suffix.group(1) + "/";
                route = routes.match(stripped).filter(r -> r.view().formatSuffix());
                if (route.isPresent()) {
                    format = suffix.group(2);
                    path = stripped;
                    request.setAttribute(DrfRoutes.SUFFIX_ATTRIBUTE, Boolean.TRUE);
                }
            }
        }
        if (route.isEmpty()) {
            if (!path.endsWith("/") && routes.match(path + "/").isPresent()) {
                appendSlash(request, response);
            } else {
                write(response, HttpStatus.NOT_FOUND, "Not found.");
            }
            return;
        }
        DrfRoutes.Route found = route.get();
        response.setHeader(HttpHeaders.ALLOW, found.allowHeader());
        if (found.view().browsable()) {
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        if (format == null) {
            format = lastValue(request, "format");
        }
        DrfNegotiation.Outcome outcome = DrfNegotiation.select(request.getHeader(HttpHeaders.ACCEPT), format, found.view().browsable());
        if (outcome.notFound()) {
            write(response, HttpStatus.NOT_FOUND, "Not found.");
            return;
        }
        if (outcome.notAcceptable()) {
            write(response, HttpStatus.NOT_ACCEPTABLE, "Could not satisfy the request Accept header.");
            return;
        }
        request.setAttribute(DrfRoutes.FORMAT_ATTRIBUTE, format);
        HttpServletRequest asJson = new JsonRequest(request, path);
        if (outcome.renderer() == DrfNegotiation.Renderer.JSON) {
            chain.doFilter(asJson, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        chain.doFilter(asJson, captured);
        page.write(found, request, captured, response);
    }

    /** Django's CommonMiddleware: 301 to the same path and query with the slash appended, an empty HTML body. */
    private static void appendSlash(HttpServletRequest request, HttpServletResponse response) {
        String location = request.getRequestURI() + "/" + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.setStatus(HttpStatus.MOVED_PERMANENTLY.value());
        response.setHeader(HttpHeaders.LOCATION, location);
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(0);
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Detail(detail));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** Django's QueryDict.get: the last value of a repeated parameter, from the query string only. */
    private static String lastValue(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        String value = null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    /**
     * The request as the view sees it once negotiation is done: JSON accepted (the renderer is chosen), and the path
     * without its format suffix.
     */
    private static final class JsonRequest extends HttpServletRequestWrapper {
        private final String path;

        JsonRequest(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
            ServletRequestPathUtils.clearParsedRequestPath(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE)) : super.getHeaders(name);
        }

        @Override
        public String getRequestURI() {
            return getContextPath() + path;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer();
            url.append(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (port > 0 && !(getScheme().equals("http") && port == 80) && !(getScheme().equals("https") && port == 443)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }
    }
}
