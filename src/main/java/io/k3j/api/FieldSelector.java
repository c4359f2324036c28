package io.k3j.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector with upstream semantics (k8s.io/apimachinery/pkg/fields): a conjunction of equality and
 * inequality requirements on field paths such as {@code metadata.name}. Immutable and thread-safe.
 */
public final class FieldSelector {

    /** A field requirement operator; {@code =} and {@code ==} both parse to {@link #EQUALS}. */
    public enum Operator { EQUALS, NOT_EQUALS }

    /** One requirement: the field's value (absent meaning "") must equal, or must not equal, {@code value}. */
    public record Requirement(String field, Operator op, String value) {

        /** Checks that no component is null. */
        public Requirement {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }

        /** Whether the object whose field values {@code fieldValue} returns (null when absent) satisfies this. */
        public boolean matches(Function<String, String> fieldValue) {
            String actual = Objects.requireNonNullElse(fieldValue.apply(field), "");
            return actual.equals(value) == (op == Operator.EQUALS);
        }

        /** The canonical string form, {@code field=value} or {@code field!=value} with the value escaped. */
        @Override
        public String toString() {
            return field + (op == Operator.EQUALS ? "=" : "!=") + escapeValue(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** The selector matching every object; its string form is empty. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses the {@code ?fieldSelector=} syntax like upstream fields.ParseSelector: comma-separated terms (a comma may
     * be escaped as {@code \,}) sorted as strings, each {@code field=value}, {@code field==value} or
     * {@code field!=value} split at the first operator; the value is unescaped ({@code \\}, {@code \,} and {@code \=}
     * only). Whitespace is significant. Empty terms, and terms with an empty field and an empty value, are ignored;
     * null or empty input means everything.
     */
    public static FieldSelector parse(String selector) {
        String sel = selector == null ? "" : selector;
        List<String> terms = splitTerms(sel);
        terms.sort((a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray())); // Go byte order
        List<Requirement> reqs = new ArrayList<>();
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            int at = -1;
            String op = null;
            for (int i = 0; i < term.length() && op == null; i++) { // the first operator; "!=" and "==" first
                op = term.startsWith("!=", i) ? "!=" : term.startsWith("==", i) ? "=="
                        : term.charAt(i) == '=' ? "=" : null;
                at = i;
            }
            if (op == null) {
                throw new SelectorException("invalid selector: '" + sel + "'; can't understand '" + term + "'");
            }
            String field = term.substring(0, at);
            String value = unescapeValue(term.substring(at + op.length()));
            if (!field.isEmpty() || !value.isEmpty()) { // upstream's Transform drops a term empty on both sides
                reqs.add(new Requirement(field, op.equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS, value));
            }
        }
        return reqs.isEmpty() ? EVERYTHING : new FieldSelector(reqs);
    }

    /** Escapes {@code \}, {@code ,} and {@code =} with a backslash, like upstream fields.EscapeValue. */
    public static String escapeValue(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }

    /**
     * Reverses {@link #escapeValue} like upstream fields.UnescapeValue; throws {@link SelectorException} for an
     * unknown escape sequence, a trailing backslash, or an unescaped {@code ,} or {@code =} (reported, as upstream
     * does, by its code point number).
     */
    public static String unescapeValue(String value) {
        StringBuilder b = new StringBuilder(value.length());
        boolean slash = false;
        for (int c : value.codePoints().toArray()) {
            if (slash && c != '\\' && c != ',' && c != '=') {
                throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                        + Character.toString(c));
            } else if (!slash && (c == ',' || c == '=')) {
                throw new SelectorException("invalid field selector: unescaped character in value: " + c);
            } else if (!slash && c == '\\') {
                slash = true;
            } else {
                b.appendCodePoint(c);
                slash = false;
            }
        }
        if (slash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return b.toString();
    }

    /** The requirements, in the order of their sorted terms. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** Whether this selector does not restrict anything. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /**
     * Whether an object satisfies every requirement; {@code fieldValue} maps a field path such as
     * {@code metadata.name} to the object's value, or null when it has none (compared as "", like upstream).
     */
    public boolean matches(Function<String, String> fieldValue) {
        return requirements.stream().allMatch(r -> r.matches(fieldValue));
    }

    /** The canonical string form: the requirements joined by commas ("" for everything). */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector s && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }

    /** Splits at commas not escaped by a backslash, keeping the backslashes (upstream splitTerms). */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        if (s.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean slash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (slash) {
                slash = false;
            } else if (c == '\\') {
                slash = true;
            } else if (c == ',') {
                terms.add(s.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(s.substring(start));
        return terms;
    }
}
