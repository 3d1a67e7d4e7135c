package dev.scanledger.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.boot.test.context.TestComponent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the running service (keep-alive connections, as the app's). Requests are
 * built fluently: {@code api.post("/api/scans/").token(t).json("{...}").send()}.
 */
@TestComponent
public class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Environment environment;

    /** The port is known only once the server has started, after this bean is made. */
    Api(Environment environment) {
        this.environment = environment;
    }

    /** Another client with its own keep-alive connection, for tests where each thread is one device. */
    public Api newConnection() {
        return new Api(environment);
    }

    /** An absolute URL is used as is (e.g. a label_image link the service returned). */
    public String url(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return path;
        }
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + path;
    }

    public Call get(String path) {
        return new Call("GET", path);
    }

    public Call post(String path) {
        return new Call("POST", path);
    }

    public Call put(String path) {
        return new Call("PUT", path);
    }

    public Call delete(String path) {
        return new Call("DELETE", path);
    }

    public Call method(String method, String path) {
        return new Call(method, path);
    }

    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call token(String key) {
            return header("Authorization", "Token " + key);
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A url-encoded form, as a browser would post it. */
        public Call form(Map<String, String> fields) {
            StringBuilder encoded = new StringBuilder();
            fields.forEach((name, value) -> {
                if (!encoded.isEmpty()) {
                    encoded.append('&');
                }
                encoded.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            });
            return body("application/x-www-form-urlencoded", encoded.toString().getBytes(StandardCharsets.UTF_8));
        }

        public Call json(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public Call body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** A body sent with chunked transfer encoding (no Content-Length), so its size is known only by reading it. */
        public Call chunked(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            return this;
        }

        /** A multipart form: string values become fields, {@link FilePart} values become file parts. */
        public Call multipart(Map<String, ?> parts) {
            String boundary = "----scanledger" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach((name, value) -> {
                write(out, "--" + boundary + "\r\n");
                if (value instanceof FilePart file) {
                    write(out, "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + file.filename() + "\"\r\n");
                    write(out, "Content-Type: " + file.contentType() + "\r\n\r\n");
                    out.writeBytes(file.bytes());
                    write(out, "\r\n");
                } else {
                    write(out, "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
                }
            });
            write(out, "--" + boundary + "--\r\n");
            return body("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }

        public Response send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body);
            headers.forEach(request::header);
            try {
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                Response answer = new Response(response);
                Exchanges.record(method, path, answer);
                return answer;
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public record FilePart(String filename, String contentType, byte[] bytes) {
    }

    public record Response(HttpResponse<byte[]> raw) {

        public int status() {
            return raw.statusCode();
        }

        public byte[] bytes() {
            return raw.body();
        }

        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(text());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status() + " " + text();
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
