package dev.scanledger.scans;

import java.util.Locale;
import java.util.Optional;
import org.springframework.web.util.HtmlUtils;

/**
 * The name Django gives an uploaded file: its multipart parser's sanitize_file_name (entities unescaped, anything up
 * to the last slash or backslash dropped; "", "." and ".." mean no file at all), then UploadedFile's cut to 255
 * characters keeping the extension. Lengths are Python's, in code points.
 */
record UploadedFileName(String name) {

    private static final int MAX_STORED_LENGTH = 255;

    static Optional<UploadedFileName> of(String submitted) {
        if (submitted == null) {
            return Optional.empty();
        }
        String name = HtmlUtils.htmlUnescape(submitted);
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.substring(name.lastIndexOf('\\') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(new UploadedFileName(cut(name)));
    }

    int length() {
        return name.codePointCount(0, name.length());
    }

    /** pathlib's suffix without its dot, lower-cased: "" for "photo", ".profile" or "photo.". */
    String extension() {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** os.path.splitext, then the extension cut to 255 and the rest to what is left. */
    private static String cut(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_STORED_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        int stemStart = 0;
        while (stemStart < name.length() && name.charAt(stemStart) == '.') {
            stemStart++;
        }
        boolean hasExtension = dot >= stemStart;
        String stem = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? name.substring(dot) : "";
        extension = prefix(extension, MAX_STORED_LENGTH);
        int extensionLength = extension.codePointCount(0, extension.length());
        return prefix(stem, MAX_STORED_LENGTH - extensionLength) + extension;
    }

    private static String prefix(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
