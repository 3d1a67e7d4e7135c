package dev.scanledger.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser's view of the console over plain HTTP: a cookie jar, the CSRF token of the last page, no redirects followed. */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final Function<String, String> url;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrf;

    public ConsoleSession(Api api) {
        this.url = api::url;
    }

    /** Against another instance of the service, at {@code baseUrl} ("http://127.0.0.1:8000"). */
    public ConsoleSession(String baseUrl) {
        this.url = path -> baseUrl + path;
    }

    /** Signs in through the form; the answer is the form's redirect. */
    public HttpResponse<String> signIn(String username, String password) {
        get("/console/login");
        return post("/console/login", Map.of("username", username, "password", password));
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url.apply(path))).GET());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    /** A form post with the CSRF token of the last page read. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (csrf != null) {
            fields.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, fields);
    }

    /** A form post exactly as given (no CSRF token added). */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url.apply(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A multipart form post with one file, as the console's import sends it through htmx: the CSRF token of the
     * last page read in htmx's header (so the token check does not read the body), and htmx's HX-Request.
     */
    public HttpResponse<String> postFile(String path, String field, String filename, byte[] content) {
        String boundary = "console-test-" + System.nanoTime();
        StringBuilder head = new StringBuilder();
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field)
                .append("\"; filename=\"").append(filename).append("\"\r\nContent-Type: text/csv\r\n\r\n");
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(url.apply(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-CSRF-TOKEN", csrf == null ? "" : csrf)
                .header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head.toString()),
                        HttpRequest.BodyPublishers.ofByteArray(content), HttpRequest.BodyPublishers.ofByteArray(tail))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
