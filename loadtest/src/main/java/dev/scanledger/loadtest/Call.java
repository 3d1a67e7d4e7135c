package dev.scanledger.loadtest;

/**
 * One request of a scenario, with what the scenario needs to judge its answer (for scans, the pair
 * sent). Calls of one volley are fired at once.
 */
public record Call(Request request, Object subject) {
}
