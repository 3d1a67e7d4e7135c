package dev.scanledger.loadtest;

import java.net.http.HttpRequest;

/**
 * One request of a scenario, with what the scenario needs to judge its answer (for scans, the pair
 * sent). Calls of one volley are fired at once.
 */
public record Call(HttpRequest request, Object subject) {
}
