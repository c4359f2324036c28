package io.k3j.api;

/**
 * Quotes strings the way upstream's error messages show values: Go's {@code %q}
 * (strconv.Quote) or encoding/json. Stateless.
 */
public final class GoQuote {

    private GoQuote() {
    }

    /** Go's strconv.Quote, as {@code %q} prints a string. */
    public static String quote(String s) {
        return escape(s, false);
    }

    /** A string as Go's encoding/json writes it. */
    public static String json(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean json) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n' || c == '\r' || c == '\t') {
                b.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
            } else if (json && (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029)) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (!json && (c < 0x20 || c == 0x7f)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
