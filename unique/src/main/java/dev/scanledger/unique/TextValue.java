package dev.scanledger.unique;

import java.util.HexFormat;

/** The PostgreSQL input text of a Java value, for values shipped as text arrays and cast server-side. */
final class TextValue {

    private TextValue() {
    }

    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }
}
