package dev.scanledger.scans;

import java.util.Optional;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.node.JsonNodeFactory;

/** A body's fields with label and phase taken from the URL, whatever the body says about them. */
record KeyedScanFields(ScanFields body, long label, int phase) implements ScanFields {

    @Override
    public Optional<Value> get(String name) {
        return switch (name) {
            case "label" -> Optional.of(new Value(JsonNodeFactory.instance.numberNode(label), null));
            case "phase" -> Optional.of(new Value(JsonNodeFactory.instance.numberNode(phase), null));
            default -> body.get(name);
        };
    }

    @Override
    public Optional<MultipartFile> file(String name) {
        return body.file(name);
    }

    boolean sent(String name) {
        return body.get(name).isPresent() || body.file(name).isPresent();
    }
}
