package dev.scanledger.console;

/**
 * A "starts with" search as the byte range {@code [from, to)} that a {@code text_pattern_ops} index
 * answers with {@code ~>=~} and {@code ~<~}. A LIKE with a bound pattern cannot use that index once
 * PostgreSQL settles on a generic plan for the prepared statement; a range of bound values can. In
 * UTF-8 byte order is code point order, so every text starting with {@code from} lies below {@code from}
 * with its last code point advanced by one, and nothing else does.
 */
record Prefix(String from, String to) {

    static Prefix of(String text) {
        return new Prefix(text, successor(text));
    }

    /** For a case-insensitive search against {@code lower(column)}. */
    static Prefix lowerCase(String text) {
        return of(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** The condition on {@code column}, its values bound as {@code :<name>From} and {@code :<name>To}. */
    String condition(String column, String name) {
        String lower = column + " ~>=~ :" + name + "From";
        return to == null ? lower : "(" + lower + " AND " + column + " ~<~ :" + name + "To)";
    }

    void bind(java.util.Map<String, Object> params, String name) {
        params.put(name + "From", from);
        if (to != null) {
            params.put(name + "To", to);
        }
    }

    /** The least text above every text starting with {@code text}; null when there is none (or for the empty text). */
    private static String successor(String text) {
        int[] points = text.codePoints().toArray();
        for (int i = points.length - 1; i >= 0; i--) {
            if (points[i] < Character.MAX_CODE_POINT) {
                int next = points[i] + 1;
                if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                    next = Character.MAX_SURROGATE + 1;
                }
                points[i] = next;
                return new String(points, 0, i + 1);
            }
        }
        return null;
    }
}
