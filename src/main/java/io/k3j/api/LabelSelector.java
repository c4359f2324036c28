package io.k3j.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A Kubernetes label selector with upstream semantics (k8s.io/apimachinery/pkg/labels): a conjunction of requirements
 * sorted by key, or the special "nothing" selector. Immutable and thread-safe.
 */
public final class LabelSelector {

    /** A requirement operator (upstream selection.Operator). */
    public enum Operator {
        IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN, EXISTS, DOES_NOT_EXIST
    }

    /**
     * One requirement on a label key (upstream labels.Requirement); immutable. The constructor applies upstream
     * NewRequirement validation (key, values, arity) and throws {@link SelectorException} with upstream's message.
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        /** Validates, and copies the values (null means none). */
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values == null ? List.of() : values);
            List<String> errs = new ArrayList<>();
            List<String> keyErrs = keyErrors(key);
            if (!keyErrs.isEmpty()) {
                errs.add(invalid("key", quote(key, false), String.join("; ", keyErrs)));
            }
            boolean numeric = operator == Operator.GREATER_THAN || operator == Operator.LESS_THAN;
            String arity = switch (operator) {
                case IN, NOT_IN -> values.isEmpty() ? "for 'in', 'notin' operators, values set can't be empty" : null;
                case EQUALS, DOUBLE_EQUALS, NOT_EQUALS ->
                    values.size() != 1 ? "exact-match compatibility requires one single value" : null;
                case EXISTS, DOES_NOT_EXIST ->
                    values.isEmpty() ? null : "values set must be empty for exists and does not exist";
                case GREATER_THAN, LESS_THAN ->
                    values.size() != 1 ? "for 'Gt', 'Lt' operators, exactly one value is required" : null;
            };
            if (arity != null) { // upstream renders the []string with encoding/json; an empty one is nil there
                errs.add(invalid("values", values.isEmpty() ? "null"
                        : values.stream().map(v -> quote(v, true)).collect(Collectors.joining(",", "[", "]")), arity));
            }
            for (int i = 0; numeric && i < values.size(); i++) {
                if (parseInt(values.get(i)) == null) {
                    errs.add(invalid("values[" + i + "]", quote(values.get(i), false),
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
                }
            }
            for (int i = 0; i < values.size(); i++) {
                List<String> valueErrs = valueErrors(values.get(i));
                if (!valueErrs.isEmpty()) {
                    errs.add(invalid("values[" + i + "][" + key + "]", quote(values.get(i), false),
                            String.join("; ", valueErrs)));
                }
            }
            LinkedHashSet<String> distinct = new LinkedHashSet<>(errs); // upstream's aggregate error
            if (!distinct.isEmpty()) {
                throw new SelectorException(distinct.size() == 1 ? errs.getFirst()
                        : "[" + String.join(", ", distinct) + "]");
            }
        }

        /** Whether the labels (null means none) satisfy this requirement. */
        public boolean matches(Map<String, String> labels) {
            boolean has = labels != null && labels.containsKey(key);
            String value = has ? Objects.requireNonNullElse(labels.get(key), "") : null;
            return switch (operator) {
                case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
                case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
                case EXISTS -> has;
                case DOES_NOT_EXIST -> !has;
                case GREATER_THAN, LESS_THAN -> {
                    Long actual = has ? parseInt(value) : null;
                    Long bound = values.size() == 1 ? parseInt(values.getFirst()) : null;
                    yield actual != null && bound != null
                            && (operator == Operator.GREATER_THAN ? actual > bound : actual < bound);
                }
            };
        }

        /** The canonical string form, e.g. {@code !a}, {@code a==b}, {@code a notin (x,y)} (values sorted). */
        @Override
        public String toString() {
            String vals = String.join(",", values.stream().sorted().toList());
            return switch (operator) {
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case IN -> key + " in (" + vals + ")";
                case NOT_IN -> key + " notin (" + vals + ")";
                case EQUALS -> key + "=" + vals;
                case DOUBLE_EQUALS -> key + "==" + vals;
                case NOT_EQUALS -> key + "!=" + vals;
                case GREATER_THAN -> key + ">" + vals;
                case LESS_THAN -> key + "<" + vals;
            };
        }
    }

    private static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start"
            + " and end with an alphanumeric character";
    private static final String DNS_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final String DNS_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
            + " characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String VALUE_FMT = "(" + QNAME_FMT + ")?";
    private static final String VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
    private static final Pattern DNS = Pattern.compile(DNS_FMT);
    private static final Pattern VALUE = Pattern.compile(VALUE_FMT);
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key)); // stable, as upstream's sort is for small inputs
        this.requirements = List.copyOf(sorted);
        this.nothing = nothing;
    }

    /** The selector matching every label set; its string form is empty. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** The selector matching no label set (upstream labels.Nothing()); it is not {@link #isEmpty()}. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** The conjunction of the given requirements (sorted by key); none means everything. */
    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
    }

    /** Parses the {@code ?labelSelector=} string syntax like upstream labels.Parse; null or blank means everything. */
    public static LabelSelector parse(String selector) {
        return of(new Parser(selector == null ? "" : selector).parse());
    }

    /**
     * Converts a structured metav1.LabelSelector like upstream LabelSelectorAsSelector: a null or missing node
     * matches nothing, an object without requirements matches everything.
     */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        JsonNode labels = member(selector, "", "matchLabels", false);
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            String value = text(e.getValue(), "matchLabels[" + e.getKey() + "]");
            reqs.add(new Requirement(e.getKey(), Operator.EQUALS, List.of(value)));
        }
        JsonNode exprs = member(selector, "", "matchExpressions", true);
        for (int i = 0; i < exprs.size(); i++) {
            String where = "matchExpressions[" + i + "]";
            JsonNode expr = exprs.get(i);
            JsonNode vals = member(expr, where, "values", true);
            String op = text(expr.path("operator"), where + ".operator");
            Operator operator = switch (op) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new SelectorException(quote(op, false) + " is not a valid label selector operator");
            };
            List<String> values = new ArrayList<>();
            for (int j = 0; j < vals.size(); j++) {
                values.add(text(vals.get(j), where + ".values[" + j + "]"));
            }
            reqs.add(new Requirement(text(expr.path("key"), where + ".key"), operator, values));
        }
        return of(reqs);
    }

    /** The requirements, sorted by key (empty for everything and for nothing). */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** Whether this selector does not restrict anything (false for {@link #nothing()}). */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** Whether the labels (null means none) satisfy every requirement; always false for {@link #nothing()}. */
    public boolean matches(Map<String, String> labels) {
        return !nothing && requirements.stream().allMatch(r -> r.matches(labels));
    }

    /** The canonical string form: requirements sorted by key, joined by commas ("" for everything and nothing). */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector s && s.nothing == nothing && s.requirements.equals(requirements);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(nothing) * 31 + requirements.hashCode();
    }

    /** The named member of object {@code node} at {@code where} (missing when absent or null), type-checked. */
    private static JsonNode member(JsonNode node, String where, String name, boolean array) {
        if (!node.isObject()) {
            throw badJson(where.isEmpty() ? "selector" : where, "an object");
        }
        JsonNode v = node.path(name);
        if (v.isNull()) {
            return MissingNode.getInstance();
        } else if (!v.isMissingNode() && (array ? !v.isArray() : !v.isObject())) {
            throw badJson(where.isEmpty() ? name : where + "." + name, array ? "an array" : "an object");
        }
        return v;
    }

    private static String text(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        } else if (!node.isString()) {
            throw badJson(where, "a string");
        }
        return node.stringValue();
    }

    private static SelectorException badJson(String where, String type) {
        return new SelectorException("invalid label selector: " + where + " must be " + type);
    }

    /** Upstream strconv.ParseInt(s, 10, 64): ASCII digits with an optional sign; null when invalid. */
    private static Long parseInt(String s) {
        try {
            return GO_INT.matcher(s).matches() ? Long.parseLong(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String invalid(String field, String renderedValue, String detail) {
        return field + ": Invalid value: " + renderedValue + ": " + detail;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String regexError(String msg, String fmt, String... examples) {
        StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            b.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
        }
        return b.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    /** Upstream validation.IsQualifiedName. */
    private static List<String> keyErrors(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length > 2) {
            return List.of("a qualified name " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        }
        List<String> errs = new ArrayList<>();
        if (parts.length == 2 && parts[0].isEmpty()) {
            errs.add("prefix part must be non-empty");
        } else if (parts.length == 2) {
            if (bytes(parts[0]) > 253) {
                errs.add("prefix part must be no more than 253 characters");
            }
            if (!DNS.matcher(parts[0]).matches()) {
                errs.add("prefix part " + regexError(DNS_MSG, DNS_FMT, "example.com"));
            }
        }
        String name = parts[parts.length - 1];
        if (name.isEmpty() || bytes(name) > 63) {
            errs.add(name.isEmpty() ? "name part must be non-empty" : "name part must be no more than 63 characters");
        }
        if (!QNAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    /** Upstream validation.IsValidLabelValue. */
    private static List<String> valueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (bytes(value) > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!VALUE.matcher(value).matches()) {
            errs.add(regexError(VALUE_MSG, VALUE_FMT, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /** Go's %q (json=false) or encoding/json (json=true) quoting of a string, as upstream messages show values. */
    private static String quote(String s, boolean json) {
        return json ? GoQuote.json(s) : GoQuote.quote(s);
    }

    private enum Tok { EOS, RPAREN, COMMA, BANG, DEQ, EQ, GT, ID, IN, LT, NEQ, NOTIN, LPAREN }

    private record Item(Tok tok, String lit) {
    }

    /** Upstream's lexer and recursive-descent parser for the string form; one instance per parse. */
    private static final class Parser {
        private static final Map<String, Tok> KEYWORDS = Map.ofEntries(Map.entry("(", Tok.LPAREN),
                Map.entry(")", Tok.RPAREN), Map.entry(",", Tok.COMMA), Map.entry("!", Tok.BANG),
                Map.entry("==", Tok.DEQ), Map.entry("=", Tok.EQ), Map.entry(">", Tok.GT), Map.entry("<", Tok.LT),
                Map.entry("!=", Tok.NEQ), Map.entry("in", Tok.IN), Map.entry("notin", Tok.NOTIN));
        /** Blanks, then an operator (longest match) or an identifier; a NUL right after a token is consumed. */
        private static final Pattern TOKEN =
                Pattern.compile("\\G[ \\t\\r\\n]*+(?:(==|!=|[=!(),><])|([^ \\t\\r\\n=!(),><\\x00]++))\\x00?");
        private final List<Item> items = new ArrayList<>();
        private int next;

        /** Lexes like upstream: input ends at its end, or at a NUL where a token should start. */
        Parser(String s) {
            Matcher m = TOKEN.matcher(s);
            while (m.find()) {
                String lit = m.group(1) != null ? m.group(1) : m.group(2);
                items.add(new Item(KEYWORDS.getOrDefault(lit, Tok.ID), lit));
            }
            items.add(new Item(Tok.EOS, ""));
        }

        /** The current item; in a value context the keywords in and notin are identifiers. */
        private Item peek(boolean value) {
            Item it = items.get(Math.min(next, items.size() - 1));
            return value && (it.tok() == Tok.IN || it.tok() == Tok.NOTIN) ? new Item(Tok.ID, it.lit()) : it;
        }

        private Item take(boolean value) {
            Item it = peek(value);
            next++;
            return it;
        }

        List<Requirement> parse() {
            List<Requirement> reqs = new ArrayList<>();
            for (Item it = peek(true); it.tok() != Tok.EOS; it = peek(true)) {
                if (it.tok() != Tok.ID && it.tok() != Tok.BANG) {
                    throw fail("found '%s', expected: !, identifier, or 'end of string'", it);
                }
                try {
                    reqs.add(requirement());
                } catch (SelectorException e) {
                    throw new SelectorException("unable to parse requirement: " + e.getMessage());
                }
                Item t = take(true);
                if (t.tok() == Tok.EOS) {
                    break;
                } else if (t.tok() != Tok.COMMA) {
                    throw fail("found '%s', expected: ',' or 'end of string'", t);
                } else if (peek(true).tok() != Tok.ID && peek(true).tok() != Tok.BANG) {
                    throw fail("found '%s', expected: identifier after ','", peek(true));
                }
            }
            return reqs;
        }

        private Requirement requirement() {
            boolean bang = peek(true).tok() == Tok.BANG;
            if (bang) {
                take(true);
            }
            Item t = take(true);
            if (t.tok() != Tok.ID) {
                throw fail("found '%s', expected: identifier", t);
            }
            String key = t.lit();
            List<String> keyErrs = keyErrors(key);
            if (!keyErrs.isEmpty()) { // upstream validates without a field path here
                throw new SelectorException(invalid("<nil>", quote(key, false), String.join("; ", keyErrs)));
            }
            Tok after = peek(true).tok();
            if (bang || after == Tok.EOS || after == Tok.COMMA) {
                return new Requirement(key, bang ? Operator.DOES_NOT_EXIST : Operator.EXISTS, List.of());
            }
            Item o = take(false);
            Operator op = switch (o.tok()) {
                case IN -> Operator.IN;
                case EQ -> Operator.EQUALS;
                case DEQ -> Operator.DOUBLE_EQUALS;
                case GT -> Operator.GREATER_THAN;
                case LT -> Operator.LESS_THAN;
                case NOTIN -> Operator.NOT_IN;
                case NEQ -> Operator.NOT_EQUALS;
                default -> throw fail("found '%s', expected: in, notin, =, ==, !=, gt, lt", o);
            };
            return new Requirement(key, op, op == Operator.IN || op == Operator.NOT_IN ? setValues() : exactValue());
        }

        private List<String> setValues() {
            Item t = take(true);
            if (t.tok() != Tok.LPAREN) {
                throw fail("found '%s' expected: '('", t);
            }
            Item la = peek(true);
            if (la.tok() == Tok.RPAREN) { // "()" is the empty value
                take(true);
                return List.of("");
            } else if (la.tok() != Tok.ID && la.tok() != Tok.COMMA) {
                throw fail("found '%s', expected: ',', ')' or identifier", la);
            }
            TreeSet<String> set = new TreeSet<>();
            while (true) {
                Item v = take(true);
                Tok n = peek(true).tok();
                if (v.tok() == Tok.ID) {
                    set.add(v.lit());
                    if (n == Tok.RPAREN) {
                        break;
                    } else if (n != Tok.COMMA) {
                        throw fail("found '%s', expected: ',' or ')'", peek(true));
                    }
                } else if (v.tok() == Tok.COMMA) { // empty values: "(,", ",,", ",)"
                    if (set.isEmpty() || n == Tok.RPAREN || n == Tok.COMMA) {
                        set.add("");
                    }
                    if (n == Tok.RPAREN) {
                        break;
                    } else if (n == Tok.COMMA) {
                        take(true);
                    }
                } else {
                    throw fail("found '%s', expected: ',', or identifier", v);
                }
            }
            take(true); // the ')'
            return List.copyOf(set);
        }

        private List<String> exactValue() {
            Tok la = peek(true).tok();
            if (la == Tok.EOS || la == Tok.COMMA) {
                return List.of("");
            }
            Item t = take(true);
            if (t.tok() != Tok.ID) {
                throw fail("found '%s', expected: identifier", t);
            }
            return List.of(t.lit());
        }

        private static SelectorException fail(String format, Item found) {
            return new SelectorException(String.format(format, found.lit()));
        }
    }
}
