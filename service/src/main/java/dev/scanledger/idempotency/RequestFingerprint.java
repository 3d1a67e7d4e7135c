package dev.scanledger.idempotency;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of what makes two requests "the same": method, path with query, media type and content.
 * Forms are digested by their fields and files rather than their raw bytes, because a client's
 * retry of a multipart upload picks a new boundary.
 */
final class RequestFingerprint {

    private final MessageDigest sha = sha256();

    private RequestFingerprint() {
    }

    static boolean isForm(HttpServletRequest request) {
        String type = mediaType(request);
        return type.startsWith("multipart/") || type.equals("application/x-www-form-urlencoded");
    }

    static byte[] ofBody(HttpServletRequest request, byte[] body) {
        return new RequestFingerprint().head(request).field(body).sha.digest();
    }

    /** Reads the form's fields and parts; a malformed or oversized form fails here as it would later. */
    static byte[] ofForm(HttpServletRequest request) throws IOException, ServletException {
        RequestFingerprint fingerprint = new RequestFingerprint().head(request);
        if (mediaType(request).startsWith("multipart/")) {
            for (Part part : request.getParts()) {
                fingerprint.field(part.getName()).field(String.valueOf(part.getSubmittedFileName())).content(part);
            }
        } else {
            for (Map.Entry<String, String[]> parameter : new TreeMap<>(request.getParameterMap()).entrySet()) {
                fingerprint.field(parameter.getKey()).field(String.join("\u0000", parameter.getValue()));
            }
        }
        return fingerprint.sha.digest();
    }

    private RequestFingerprint head(HttpServletRequest request) {
        String query = request.getQueryString();
        return field(request.getMethod())
                .field(request.getRequestURI() + (query == null ? "" : "?" + query))
                .field(mediaType(request));
    }

    private RequestFingerprint field(String value) {
        return field(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Length-prefixed, so no two different sequences of fields digest the same bytes. */
    private RequestFingerprint field(byte[] value) {
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(value.length).array());
        sha.update(value);
        return this;
    }

    private void content(Part part) throws IOException {
        MessageDigest partDigest = sha256();
        try (InputStream in = new DigestInputStream(part.getInputStream(), partDigest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        field(partDigest.digest());
    }

    private static String mediaType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return "";
        }
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).trim().toLowerCase();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
