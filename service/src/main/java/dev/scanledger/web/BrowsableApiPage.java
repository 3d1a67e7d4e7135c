package dev.scanledger.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * DRF's browsable API, as far as a client can tell: the same answer (status, headers) as an HTML page showing the
 * view's name and description, the request, the status line, the Allow header and the JSON pretty-printed, with a
 * form for each of POST and PUT the view takes (a multipart form of the serializer's writable fields, and the raw
 * JSON body). What the page's forms send is recorded exactly as the same request in JSON would be.
 */
@Component
class BrowsableApiPage {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Map<Class<? extends SerializerInfo>, SerializerInfo> serializers;

    BrowsableApiPage(List<SerializerInfo> serializers) {
        this.serializers = serializers.stream().collect(Collectors.toMap(SerializerInfo::getClass, s -> s));
    }

    void write(DrfRoutes.Route route, HttpServletRequest request, ContentCachingResponseWrapper captured, HttpServletResponse response)
            throws IOException {
        int status = captured.getStatus();
        String contentType = captured.getContentType();
        byte[] body = captured.getContentAsByteArray();
        String shown = body.length == 0 ? "" : pretty(body, contentType);
        HttpStatus known = HttpStatus.resolve(status);
        String statusLine = "HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase());
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(route.view().name())).append(" – Scanledger</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}pre{background:#f5f5f5;padding:1em;")
                .append("overflow:auto}.request{color:#555}form{border:1px solid #ddd;padding:1em;margin:1em 0}label{display:block;")
                .append("margin-top:.5em}</style></head><body>\n")
                .append("<h1>").append(escape(route.view().name())).append("</h1>\n");
        if (!route.view().description().isEmpty()) {
            html.append("<p>").append(escape(route.view().description())).append("</p>\n");
        }
        html.append("<p class=\"request\"><b>").append(escape(request.getMethod())).append("</b> ")
                .append(escape(request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString())))
                .append("</p>\n<pre class=\"response-info\"><b>").append(escape(statusLine)).append("</b>\n");
        for (String name : List.of(HttpHeaders.ALLOW, HttpHeaders.CONTENT_TYPE, HttpHeaders.VARY, HttpHeaders.LOCATION)) {
            String value = name.equals(HttpHeaders.CONTENT_TYPE) ? contentType : captured.getHeader(name);
            if (value != null) {
                html.append("<b>").append(name).append(":</b> ").append(escape(value)).append('\n');
            }
        }
        html.append('\n').append(escape(shown)).append("</pre>\n");
        for (String method : List.of("POST", "PUT")) {
            if (route.allows(method)) {
                forms(html, route, method, request.getRequestURI());
            }
        }
        html.append("</body></html>\n");
        byte[] page = html.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(page.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(page);
        }
    }

    private void forms(StringBuilder html, DrfRoutes.Route route, String method, String action) {
        SerializerInfo serializer = serializers.get(route.view().serializer());
        if (serializer != null && method.equals("POST") && route.parses().contains("multipart/form-data")) {
            html.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"").append(escape(action)).append("\">")
                    .append("<h2>").append(method).append("</h2>");
            serializer.fields().forEach((name, field) -> {
                if (!field.readOnly()) {
                    String type = field.type().equals("image upload") || field.type().equals("file upload") ? "file" : "text";
                    html.append("<label>").append(escape(field.label())).append(" <input type=\"").append(type)
                            .append("\" name=\"").append(escape(name)).append("\"></label>");
                }
            });
            html.append("<p><button type=\"submit\">").append(method).append("</button></p></form>\n");
        }
        html.append("<form class=\"raw\" data-method=\"").append(method).append("\" action=\"").append(escape(action))
                .append("\"><h2>").append(method).append(" (raw JSON)</h2><textarea name=\"_content\" rows=\"8\" cols=\"60\">")
                .append("</textarea><p><button type=\"submit\">").append(method).append("</button></p></form>\n")
                .append("<script>document.querySelectorAll('form.raw').forEach(f=>f.onsubmit=e=>{e.preventDefault();")
                .append("fetch(f.action,{method:f.dataset.method,headers:{'Content-Type':'application/json','Accept':'text/html'},")
                .append("body:f._content.value}).then(r=>r.text()).then(t=>{document.open();document.write(t);document.close();});});</script>\n");
    }

    private static String pretty(byte[] body, String contentType) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                JsonNode tree = PRETTY.readTree(text);
                return PRETTY.writeValueAsString(tree);
            } catch (RuntimeException e) {
                return text;
            }
        }
        return text;
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
