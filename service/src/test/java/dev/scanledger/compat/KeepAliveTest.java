package dev.scanledger.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Fixtures.Account;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The original kept a connection open after a 4xx (Tomcat closes it after every 400 and 413, and after 100 requests):
 * one raw TCP connection carries a scan, 100 duplicates of it, 100 validation errors and one more request, each
 * answered on that same connection, none with {@code Connection: close}.
 */
@ApiTest
class KeepAliveTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    Environment environment;

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @Test
    void duplicatesAndValidationErrorsLeaveTheConnectionOpenPastOneHundredRequests() throws IOException {
        Account driver = fixtures.driver();
        long label = fixtures.label();
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        List<Answer> answers = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String scan = "{\"label\": %d, \"phase\": 1}".formatted(label);
            for (int i = 0; i <= 100; i++) {
                answers.add(exchange(out, in, driver.token(), scan));
            }
            for (int i = 0; i < 100; i++) {
                answers.add(exchange(out, in, driver.token(), "{\"label\": %d, \"phase\": 9}".formatted(label)));
            }
            answers.add(exchange(out, in, driver.token(), "{\"label\": %d, \"phase\": 2}".formatted(label)));
        }

        assertThat(answers).hasSize(202);
        assertThat(answers.get(0).status()).isEqualTo(201);
        assertThat(answers.subList(1, 101)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).isEqualTo("{\"non_field_errors\":[\"The fields label, phase must make a unique set.\"]}");
        });
        assertThat(answers.subList(101, 201)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).isEqualTo("{\"phase\":[\"\\\"9\\\" is not a valid choice.\"]}");
        });
        assertThat(answers.get(201).status()).isEqualTo(201);
        assertThat(answers).allSatisfy(a -> assertThat(a.headers().getOrDefault("connection", "")).doesNotContainIgnoringCase("close"));
    }

    private static Answer exchange(OutputStream out, InputStream in, String token, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/scans/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
                content.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, content.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
