package dev.scanledger.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request as a scenario means it, independent of the client that sends it: method, URL,
 * headers, a UTF-8 body ({@code null} for none) and how long to wait for the answer.
 */
public record Request(String method, URI uri, Map<String, String> headers, String body, Duration timeout) {

    public Request {
        headers = Map.copyOf(headers);
    }
}
