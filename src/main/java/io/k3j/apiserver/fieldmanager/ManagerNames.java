package io.k3j.apiserver.fieldmanager;

import io.k3j.api.GoQuote;
import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The field manager a request writes as: its {@code fieldManager} parameter, or else the
 * product part of its User-Agent (before the first '/'), as upstream derives it. Stateless.
 */
public final class ManagerNames {

    /** Longest manager name, in UTF-8 bytes. */
    public static final int MAX_LENGTH = 128;

    private ManagerNames() {
    }

    /**
     * The manager for a request: {@code fieldManager} when non-empty (already validated), else
     * the User-Agent up to its first '/', without non-printable characters, cut to
     * {@link #MAX_LENGTH} bytes. Empty when neither is given.
     */
    public static String of(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        if (userAgent == null) {
            return "";
        }
        int slash = userAgent.indexOf('/');
        String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
        StringBuilder b = new StringBuilder(prefix.length());
        int bytes = 0;
        for (int i = 0; i < prefix.length(); ) {
            int cp = prefix.codePointAt(i);
            i += Character.charCount(cp);
            if (!isPrint(cp)) {
                continue;
            }
            int len = utf8Length(cp);
            if (bytes + len > MAX_LENGTH) {
                break;
            }
            bytes += len;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    /**
     * Upstream's checks of a {@code fieldManager} parameter: at most 128 bytes, printable
     * characters only. Empty when valid (an empty name is valid: it means "not set").
     */
    public static List<Status.Cause> validate(String fieldManager) {
        List<Status.Cause> causes = new ArrayList<>();
        if (fieldManager == null) {
            return causes;
        }
        byte[] utf8 = fieldManager.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_LENGTH) {
            causes.add(new Status.Cause("FieldValueTooLong", "Too long: may not be more than " + MAX_LENGTH + " bytes",
                    "fieldManager"));
        }
        int position = 0;
        for (int i = 0; i < fieldManager.length(); ) {
            int cp = fieldManager.codePointAt(i);
            i += Character.charCount(cp);
            if (!isPrint(cp)) {
                causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: " + GoQuote.quote(fieldManager)
                        + ": invalid character " + String.format("U+%04X", cp) + " (at position " + position + ")",
                        "fieldManager"));
            }
            position += utf8Length(cp);
        }
        return causes;
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
