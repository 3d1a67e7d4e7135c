package dev.scanledger.scans;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Fields of a multipart or url-encoded form. */
record FormScanFields(HttpServletRequest request) implements ScanFields {

    /** As Django's QueryDict, a field sent more than once counts with its last value. */
    @Override
    public Optional<Value> get(String name) {
        String[] values = request.getParameterValues(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(new Value(null, values[values.length - 1]));
    }

    /**
     * As Django's multipart parser, a file part whose name sanitizes to nothing (a form sent with no file chosen has
     * filename="") is no file.
     */
    @Override
    public Optional<MultipartFile> file(String name) {
        return request instanceof MultipartHttpServletRequest multipart
                ? Optional.ofNullable(multipart.getFile(name)).filter(file -> UploadedFileName.of(file.getOriginalFilename()).isPresent())
                : Optional.empty();
    }
}
