package dev.scanledger.fuzz;

import dev.scanledger.support.Api;
import dev.scanledger.support.Images;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates requests across every endpoint from one seeded Random: the same seed gives the same
 * requests. Each request mixes a plausible shape (the endpoint's fields, a token) with hostile parts:
 * wrong methods and content types, huge or fractional numbers, NUL and lone surrogates, deep nesting,
 * truncated JSON, random bytes, odd query strings and path segments.
 */
final class RequestGenerator {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/x-www-form-urlencoded", "multipart/form-data", "text/csv", "text/plain", "application/xml",
            "application/json; charset=latin-9", "*/*", "garbage", "");
    private static final List<String> FIELDS = List.of("label", "phase", "distribution", "store", "label_coordinate",
            "label_image", "factory", "code", "username", "password", "id", "user");

    private final Random random;
    private final Universe universe;

    /** What exists in the database, so some requests name real rows. */
    record Universe(List<String> tokens, List<Long> labels, List<Long> sites, List<String> usernames) {
    }

    RequestGenerator(long seed, Universe universe) {
        this.random = new Random(seed);
        this.universe = universe;
    }

    record Generated(String method, String path, String description, Api.Call call) {
    }

    Generated next(Api api) {
        String path = path();
        String method = random.nextInt(4) == 0 ? pick(METHODS) : defaultMethod(path);
        Api.Call call = api.method(method, path);
        StringBuilder description = new StringBuilder(method + " " + path);
        if (random.nextInt(5) != 0) {
            String token = random.nextInt(10) == 0 ? garbage(40) : pick(universe.tokens());
            call.header("Authorization", random.nextInt(15) == 0 ? "Token " + token + " extra" : "Token " + token);
        }
        if (random.nextInt(8) == 0) {
            call.header("Idempotency-Key", random.nextBoolean() ? "k-" + random.nextInt(50) : garbage(random.nextInt(300)));
        }
        if (random.nextInt(10) == 0) {
            call.header("Accept", pick(List.of("text/html", "application/xml", "*/*", "application/json; q=0", "garbage")));
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS") || random.nextInt(10) == 0) {
            body(call, path, description);
        }
        return new Generated(method, path, description.toString(), call);
    }

    private String path() {
        long label = random.nextInt(6) == 0 ? weirdLong() : pick(universe.labels());
        String raw = switch (random.nextInt(14)) {
            case 0 -> "/api/auth/token/";
            case 1, 2 -> "/api/scans/";
            case 3 -> "/api/scans/" + pickId() + "/";
            case 4 -> "/api/scans/batch/";
            case 5, 6 -> "/api/labels/" + label + "/scans/" + pick(List.of("0", "1", "2", "3", "4", "-1", "x", "01")) + "/";
            case 7 -> "/api/labels/" + label + "/journey/";
            case 8 -> "/api/labels/";
            case 9 -> "/api/labels/" + label + "/";
            case 10 -> "/api/labels/import/";
            case 11 -> pick(List.of("/error", "/media/scans/../../etc/passwd", "/media/x.jpg", "/actuator/health/readiness",
                    "/actuator/health/liveness", "/actuator/env", "/api/", "/api/scans", "/", "/api/scans/%00/", "/api/%E2%82/"));
            default -> "/api/scans/?" + query();
        };
        return random.nextInt(8) == 0 && !raw.contains("?") ? raw + "?" + query() : raw;
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        int params = 1 + random.nextInt(3);
        for (int i = 0; i < params; i++) {
            if (i > 0) {
                query.append('&');
            }
            query.append(pick(List.of("page", "page_size", "label", "phase", "factory", "code", "x"))).append('=')
                    .append(pick(List.of("1", "0", "-1", "last", "2", "999999999999999999999", "abc", "%00", "%25zz", "%E2%82", "",
                            "1.5", "%F0%9F%98%80", String.valueOf(pick(universe.labels())))));
        }
        return query.toString();
    }

    private void body(Api.Call call, String path, StringBuilder description) {
        String type = random.nextInt(3) == 0 ? pick(CONTENT_TYPES) : defaultType(path);
        description.append(" [").append(type).append("]");
        switch (random.nextInt(10)) {
            case 0 -> call.body(type, randomBytes());
            case 1 -> call.body(type, truncated(jsonObject(path)).getBytes(StandardCharsets.UTF_8));
            default -> {
                if (type.startsWith("multipart")) {
                    call.multipart(multipartFields(path));
                } else if (type.startsWith("application/x-www-form")) {
                    Map<String, String> form = new LinkedHashMap<>();
                    multipartFields(path).forEach((k, v) -> form.put(k, String.valueOf(v instanceof Api.FilePart ? "file" : v)));
                    call.form(form);
                } else if (type.startsWith("text/")) {
                    call.body(type, csv().getBytes(StandardCharsets.UTF_8));
                } else {
                    String json = path.contains("batch") && random.nextInt(3) != 0 ? jsonArray(path) : jsonObject(path);
                    call.body(type, json.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private Map<String, Object> multipartFields(String path) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : fieldsFor(path)) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            if (field.equals("label_image")) {
                fields.put(field, switch (random.nextInt(4)) {
                    case 0 -> Images.jpeg();
                    case 1 -> Images.png();
                    case 2 -> Images.notAnImage();
                    default -> new Api.FilePart("", "image/jpeg", new byte[0]);
                });
            } else {
                fields.put(field, scalarText());
            }
        }
        return fields;
    }

    private String csv() {
        StringBuilder csv = new StringBuilder(random.nextBoolean() ? "factory,code\n" : pick(List.of("", "code,factory\n", "\u0000\n")));
        int lines = random.nextInt(5);
        for (int i = 0; i < lines; i++) {
            csv.append(random.nextBoolean() ? pick(universe.sites()) : scalarText()).append(',').append("FZ-").append(random.nextInt(1000))
                    .append(random.nextInt(6) == 0 ? ",extra" : "").append('\n');
        }
        return csv.toString();
    }

    private String jsonArray(String path) {
        StringBuilder array = new StringBuilder("[");
        int items = random.nextInt(6);
        for (int i = 0; i < items; i++) {
            array.append(i > 0 ? "," : "").append(random.nextInt(5) == 0 ? jsonValue(2) : jsonObject(path));
        }
        return array.append("]").toString();
    }

    private String jsonObject(String path) {
        StringBuilder object = new StringBuilder("{");
        boolean first = true;
        for (String field : fieldsFor(path)) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            object.append(first ? "" : ",").append('"').append(field).append("\":").append(valueFor(field));
            first = false;
        }
        if (random.nextInt(6) == 0) {
            object.append(first ? "" : ",").append('"').append(pick(FIELDS)).append("\":").append(jsonValue(3));
        }
        return object.append("}").toString();
    }

    private List<String> fieldsFor(String path) {
        if (path.startsWith("/api/auth")) {
            return List.of("username", "password");
        }
        if (path.startsWith("/api/labels/") && !path.contains("/scans/") && !path.contains("journey")) {
            return List.of("factory", "code");
        }
        return List.of("label", "phase", "distribution", "store", "label_coordinate", "label_image");
    }

    private String valueFor(String field) {
        if (random.nextInt(4) == 0) {
            return jsonValue(3);
        }
        return switch (field) {
            case "label" -> String.valueOf(pick(universe.labels()));
            case "phase" -> String.valueOf(random.nextInt(5));
            case "distribution", "store", "factory" -> String.valueOf(pick(universe.sites()));
            case "username" -> quoted(pick(universe.usernames()));
            case "label_coordinate" -> "{\"x\": " + random.nextDouble() + ", \"y\": " + jsonValue(2) + "}";
            default -> quoted("v" + random.nextInt(100));
        };
    }

    private String jsonValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> pick(List.of("1e999", "-1e999", "1.5", "0.0", "-0", "12345678901234567890123", "1E-400", "0"));
            case 4 -> quoted(pick(List.of("", " ", "\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "a\\\"b", "\\n")));
            case 5 -> quoted("x".repeat(random.nextInt(400)));
            case 6 -> quoted(String.valueOf(random.nextInt(1000)));
            case 7, 8 -> quoted(garbageText(random.nextInt(20)));
            case 9 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
            case 10 -> "{\"" + pick(FIELDS) + "\":" + jsonValue(depth - 1) + "}";
            default -> "[".repeat(50) + "]".repeat(50);
        };
    }

    private String scalarText() {
        return pick(List.of(String.valueOf(pick(universe.labels())), String.valueOf(random.nextInt(4)), "", " 7 ", "-3", "abc",
                "\u0000", "1e999", "99999999999999999999", "{\"x\":1}", "{bad", "null", garbageText(8)));
    }

    private String truncated(String json) {
        return json.isEmpty() ? json : json.substring(0, random.nextInt(json.length()));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String garbage(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private String garbageText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(3) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f);
            text.append(c == '"' || c == '\\' ? 'q' : (char) c);
        }
        return text.toString();
    }

    private long weirdLong() {
        return pick(List.of(0L, -1L, Long.MAX_VALUE, 99999999L));
    }

    private Object pickId() {
        return pick(List.of(String.valueOf(random.nextInt(100000)), "abc", "0", "-5", "99999999999999999999", "1.0"));
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String defaultMethod(String path) {
        if (path.startsWith("/api/auth") || path.contains("batch") || path.contains("import")) {
            return "POST";
        }
        if (path.contains("/scans/") && path.startsWith("/api/labels/")) {
            return "PUT";
        }
        return path.equals("/api/scans/") || path.equals("/api/labels/") ? (Math.abs(path.hashCode()) % 2 == 0 ? "POST" : "GET") : "GET";
    }

    private String defaultType(String path) {
        if (path.contains("import")) {
            return "text/csv";
        }
        return random.nextInt(4) == 0 ? "multipart/form-data" : "application/json";
    }
}
