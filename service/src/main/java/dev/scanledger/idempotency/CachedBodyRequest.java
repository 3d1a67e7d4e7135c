package dev.scanledger.idempotency;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body was read up front (to fingerprint it) and is served again to the handler.
 * A body that could not be read (too large, connection lost) fails again the same way when the
 * handler reads it, so the usual error answer is produced.
 */
final class CachedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final IOException failure;

    private CachedBodyRequest(HttpServletRequest request, byte[] body, IOException failure) {
        super(request);
        this.body = body;
        this.failure = failure;
    }

    static CachedBodyRequest read(HttpServletRequest request) {
        try {
            return new CachedBodyRequest(request, request.getInputStream().readAllBytes(), null);
        } catch (IOException e) {
            return new CachedBodyRequest(request, null, e);
        }
    }

    boolean isReadable() {
        return failure == null;
    }

    byte[] body() {
        return body;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (failure != null) {
            throw failure;
        }
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("The body was already read");
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
