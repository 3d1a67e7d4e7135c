package dev.scanledger.web;

import static dev.scanledger.support.ApiAssertions.assertThatResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scanledger.support.Api;
import dev.scanledger.support.ApiTest;
import dev.scanledger.support.Fixtures;
import dev.scanledger.support.Snapshots;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Every error is an API answer: protocol errors, lone surrogates, parse errors, unknown hosts. */
@ApiTest
class ApiErrorsTest {

    @Autowired
    Api api;
    @Autowired
    Fixtures fixtures;
    @Autowired
    Snapshots snapshots;
    @Autowired
    Environment environment;

    @Test
    void anUnsupportedHttpVersionAnswersDrfsShapeInJson() throws IOException {
        String answer = raw("GET /api/scans/ HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 505 ").contains("Content-Type: application/json").endsWith("{\"detail\":\"Unknown Version.\"}");
    }

    @Test
    void anUnsupportedTransferEncodingAnswersJson() throws IOException {
        String answer = raw("POST /api/scans/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .endsWith("{\"detail\":\"Bad Transfer-Encoding, chunked not last.\"}");
    }

    @Test
    void aMalformedHeaderAnswersJson() throws IOException {
        String answer = raw("GET /api/scans/ HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json").contains("{\"detail\":\"Illegal character");
    }

    @Test
    void aHostNotAllowedIsRefusedBeforeAnythingRuns() throws IOException {
        String answer = raw("GET /api/scans/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ")
                .endsWith("{\"detail\":\"Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to ALLOWED_HOSTS.\"}");
    }

    @Test
    void healthProbesAnswerWhateverTheHost() throws IOException {
        assertThat(raw("GET /actuator/health/liveness HTTP/1.1\r\nHost: 10.1.2.3:8000\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void aLoneSurrogateInTheCredentialsIsRefusedOnTheField() {
        Api.Response answer = api.post("/api/auth/token/").json("{\"username\": \"a\\ud800b\", \"password\": \"x\"}").send();

        assertThatResponse(answer).hasStatus(400).hasFieldError("username", LoneSurrogates.MESSAGE);
    }

    @Test
    void aLoneSurrogateDeepInACoordinateIsRefusedOnTheFieldAndNothingIsStored() {
        Fixtures.Account driver = fixtures.driver();
        long label = fixtures.label();
        Snapshots.Snapshot before = snapshots.take();

        Api.Response answer = api.post("/api/scans/").token(driver.token())
                .json("{\"label\": %d, \"phase\": 1, \"label_coordinate\": {\"note\": [\"ok\", \"\\udc00\"]}}".formatted(label)).send();

        assertThatResponse(answer).hasStatus(400).hasFieldError("label_coordinate", LoneSurrogates.MESSAGE);
        assertThat(snapshots.take()).isEqualTo(before);
    }

    @Test
    void aSurrogatePairIsAnOrdinaryCharacter() {
        Fixtures.Account driver = fixtures.driver();
        long label = fixtures.label();

        Api.Response answer = api.post("/api/scans/").token(driver.token())
                .json("{\"label\": %d, \"phase\": 1, \"label_coordinate\": {\"note\": \"\\ud83d\\ude00\"}}".formatted(label)).send();

        assertThatResponse(answer).hasStatus(201);
        assertThat(answer.json().get("label_coordinate").get("note").asString()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void aParseErrorNamesProblemAndPositionWithoutTheParsersInternals() {
        assertThat(DrfExceptionHandler.withoutInternals(
                "String value length (20000001) exceeds the maximum allowed (20000000, from `StreamReadConstraints.getMaxStringLength()`)"))
                .isEqualTo("String value length (20000001) exceeds the maximum allowed");
        assertThat(DrfExceptionHandler.withoutInternals("Cannot deserialize value of type `java.lang.Long` from String \"x\""))
                .isEqualTo("Cannot deserialize value of type the value from String \"x\"");

        Api.Response answer = api.post("/api/auth/token/").json("{\"username\": 1e}").send();

        assertThatResponse(answer).hasStatus(400).hasDetail(
                "JSON parse error - Unexpected character ('}' (code 125)) in numeric value: Exponent indicator not followed by a digit (line 1 column 16)");
    }

    /** Found by FuzzTest: the error could not be negotiated against Accept: text/html, and answered 500. */
    @Test
    void aValidationErrorForABrowserIsA400NotA500() {
        Api.Response answer = api.post("/api/labels/").token(fixtures.driver().token()).header("Accept", "text/html").json("{}").send();

        assertThatResponse(answer).hasStatus(400);
    }

    /** Found by FuzzTest: the refused insert marked the idempotent request's transaction rollback-only: a 500. */
    @Test
    void anIdempotentLabelCreateRefusedByTheDatabaseAnswers400AndReplaysIt() {
        Fixtures.Account driver = fixtures.driver();
        Api.Call create = api.post("/api/labels/").token(driver.token()).header("Idempotency-Key", "unknown-factory-" + driver.id())
                .json("{\"factory\": 99999999, \"code\": \"X\"}");

        assertThatResponse(create.send()).hasStatus(400).hasFieldError("factory", "Invalid pk \"99999999\" - object does not exist.");
        assertThatResponse(create.send()).hasStatus(400).hasHeader("Idempotent-Replayed", "true");
    }

    private String raw(String request) throws IOException {
        int port = Integer.parseInt(environment.getRequiredProperty("local.server.port"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Head and body of one answer (by its Content-Length), the connection may stay open. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(-1);
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
