package dev.scanledger.idempotency;

import java.util.Map;

/** What a keyed request answered, kept to be replayed to its retries. */
record StoredResponse(int status, Map<String, String> headers, byte[] body) {
}
