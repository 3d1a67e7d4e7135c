package dev.scanledger.web;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * DRF's PrimaryKeyRelatedField reading of a value: an integral JSON number or the text of an integer.
 * Null means "Incorrect type"; whether the pk exists is for the caller to find out.
 */
public final class PrimaryKeys {

    private PrimaryKeys() {
    }

    /** An integral JSON number; null for a fraction, one beyond long, or a double beyond range (1e999). */
    public static Long ofNumber(JsonNode number) {
        if (number.isFloatingPointNumber() && !number.isBigDecimal() && !Double.isFinite(number.doubleValue())) {
            return null;
        }
        BigDecimal value = number.decimalValue();
        try {
            return value.stripTrailingZeros().scale() <= 0 ? value.longValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The text of an integer, surrounding whitespace allowed. */
    public static Long ofText(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
