package dev.scanledger.scans;

import java.util.Map;
import java.util.Optional;
import org.springframework.web.multipart.MultipartFile;

/**
 * A scan typed into the console's form: text fields as a form sends them, a blank field not sent at
 * all (so a correction keeps what it leaves empty), and the photo if one was chosen.
 */
record ConsoleScanFields(Map<String, String> fields, MultipartFile image) implements ScanFields {

    @Override
    public Optional<Value> get(String name) {
        String text = fields.get(name);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(new Value(null, text.strip()));
    }

    @Override
    public Optional<MultipartFile> file(String name) {
        return name.equals("label_image") && image != null && !image.isEmpty() ? Optional.of(image) : Optional.empty();
    }
}
