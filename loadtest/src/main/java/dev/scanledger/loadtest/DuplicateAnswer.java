package dev.scanledger.loadtest;

/** The one documented answer to a second scan of a (label, phase): DRF's UniqueTogetherValidator error. */
public final class DuplicateAnswer {

    public static final int STATUS = 400;
    public static final String BODY = """
            {"non_field_errors": ["The fields label, phase must make a unique set."]}""";

    private static final String NORMALIZED_BODY = withoutInsignificantWhitespace(BODY);

    private DuplicateAnswer() {
    }

    public static boolean matches(int status, String body) {
        return status == STATUS && body != null && withoutInsignificantWhitespace(body).equals(NORMALIZED_BODY);
    }

    /** JSON with the whitespace between tokens removed, so the comparison is exact about content but not layout. */
    static String withoutInsignificantWhitespace(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (char c : json.toCharArray()) {
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
