package dev.scanledger.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors Jetty answers itself, before a request reaches the application (a malformed request line, an
 * unsupported HTTP version or Transfer-Encoding, oversized headers, a bad URI): DRF's
 * {@code {"detail": "..."}} in JSON instead of Jetty's HTML page, with the status Jetty chose.
 */
@Component
class ProtocolErrors implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.setErrorHandler(new DrfErrorHandler()));
    }

    /** The detail for a status, naming the problem in Jetty's words when it gave one. */
    static String detail(int status, String reason) {
        return switch (status) {
            case 404 -> "Not found.";
            case 413 -> "Request body is too large.";
            case 500 -> "A server error occurred.";
            case 503 -> ServiceUnavailable.DETAIL;
            default -> {
                String phrase = reason == null || reason.isBlank() || reason.contains("Exception") || reason.contains("org.")
                        ? HttpStatus.getMessage(status) : reason;
                yield phrase.endsWith(".") ? phrase : phrase + ".";
            }
        };
    }

    static byte[] body(int status, String reason) {
        return JSON.writeValueAsString(new Detail(detail(status, reason))).getBytes(StandardCharsets.UTF_8);
    }

    static final class DrfErrorHandler extends ErrorHandler {

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        }

        /** The parser's own errors (bad request line, version, Transfer-Encoding), answered before any request exists. */
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(body(status, reason));
        }
    }
}
