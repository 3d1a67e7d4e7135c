package dev.scanledger.scans;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Fields of one JSON object. */
record JsonScanFields(JsonNode object) implements ScanFields {

    @Override
    public Optional<Value> get(String name) {
        return Optional.ofNullable(object.get(name)).map(node -> new Value(node, null));
    }
}
