package dev.scanledger.support;

import dev.scanledger.accounts.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    /** A session of the fixtures' account of {@code role}, signed in through the form. */
    public static ConsoleSession signedIn(Api api, Fixtures fixtures, Role role) {
        ConsoleSession session = new ConsoleSession(api);
        session.signIn(fixtures.account(role).username(), Fixtures.PASSWORD);
        return session;
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

    /** An open event stream (the live feed), read as the browser's EventSource would. */
    public EventStream stream(String path) {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url.apply(path)))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            return new EventStream(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines of an event stream as they arrive, read on a thread of its own; closing it drops the connection. */
    public static final class EventStream implements AutoCloseable {

        private static final String END = "\0end";
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        EventStream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the stream was closed, by either side
                } finally {
                    lines.add(END);
                }
            }, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        public int status() {
            return response.statusCode();
        }

        /** The next line that contains {@code text}, or null when none came within {@code wait} or the stream ended. */
        public String lineContaining(String text, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            for (String line = poll(deadline); line != null && !line.equals(END); line = poll(deadline)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            return null;
        }

        /** True when the server ended the stream within {@code wait}. */
        public boolean endsWithin(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            for (String line = poll(deadline); line != null; line = poll(deadline)) {
                if (line.equals(END)) {
                    lines.add(END);
                    return true;
                }
            }
            return false;
        }

        private String poll(long deadline) throws InterruptedException {
            return lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
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
