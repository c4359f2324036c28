package io.k3j.apiserver.apiextensions;

import io.k3j.api.GoQuote;
import io.k3j.api.Status.Cause;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's field errors (apimachinery {@code field.Error}) as {@link Cause}s: reason, the message body
 * ({@code Required value: …}, {@code Invalid value: <value>: …}) and the path; bad values printed as Go prints
 * them ({@code %q} strings, {@code %v} numbers, {@code %#v} maps and slices). Stateless.
 */
final class FieldErrors {

    /** The path upstream prints for an error without one (a nil {@code field.Path}). */
    static final String NIL_PATH = "<nil>";

    private FieldErrors() {
    }

    static Cause required(String field, String detail) {
        return new Cause("FieldValueRequired", withDetail("Required value", detail), field);
    }

    static Cause forbidden(String field, String detail) {
        return new Cause("FieldValueForbidden", withDetail("Forbidden", detail), field);
    }

    /** An Invalid error; {@code value} is a JsonNode, String, Long, Double, Boolean or null. */
    static Cause invalid(String field, Object value, String detail) {
        return new Cause("FieldValueInvalid", withDetail("Invalid value: " + value(value), detail), field);
    }

    static Cause typeInvalid(String field, Object value, String detail) {
        return new Cause("FieldValueTypeInvalid", withDetail("Invalid value: " + value(value), detail), field);
    }

    static Cause notSupported(String field, Object value, List<String> supported) {
        String detail = "";
        if (!supported.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            supported.forEach(s -> quoted.add(GoQuote.quote(s)));
            detail = "supported values: " + String.join(", ", quoted);
        }
        return new Cause("FieldValueNotSupported", withDetail("Unsupported value: " + value(value), detail), field);
    }

    static Cause duplicate(String field, Object value) {
        return new Cause("FieldValueDuplicate", "Duplicate value: " + value(value), field);
    }

    static Cause tooMany(String field, long actual, long max) {
        String detail = max >= 0 ? "must have at most " + max + " items" : "has too many items";
        return new Cause("FieldValueTooMany", "Too many: " + (actual >= 0 ? actual + ": " : "") + detail, field);
    }

    static Cause tooLong(String field, long max) {
        return new Cause("FieldValueTooLong",
                "Too long: " + (max >= 0 ? "may not be longer than " + max : "value is too long"), field);
    }

    private static String withDetail(String body, String detail) {
        return detail == null || detail.isEmpty() ? body : body + ": " + detail;
    }

    /** A bad value as field.Error prints it: strings %q, numbers and booleans %v, null "null", others %#v. */
    static String value(Object v) {
        if (v == null) {
            return "\"null\"";
        }
        if (v instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return "\"null\"";
            }
            if (n.isString()) {
                return GoQuote.quote(n.stringValue());
            }
            if (n.isNumber() || n.isBoolean()) {
                return goV(n);
            }
            return goSharpV(n);
        }
        if (v instanceof String s) {
            return GoQuote.quote(s);
        }
        if (v instanceof Double d) {
            return goFloat(d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("map[string]interface {}{");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                b.append(first ? "" : ", ").append(GoQuote.quote(e.getKey().toString())).append(':')
                        .append(sharpScalar(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }

    private static String sharpScalar(Object v) {
        if (v instanceof JsonNode n) {
            return goSharpV(n);
        }
        return v instanceof String s ? GoQuote.quote(s) : String.valueOf(v);
    }

    /** Go's %v of a decoded JSON scalar. */
    static String goV(JsonNode n) {
        if (n.isBoolean()) {
            return String.valueOf(n.booleanValue());
        }
        if (Schemas.isInt64(n)) {
            return String.valueOf(n.longValue());
        }
        if (n.isNumber()) {
            return goFloat(n.doubleValue());
        }
        return n.isString() ? n.stringValue() : goSharpV(n);
    }

    /** Go's %#v of a decoded JSON value. */
    static String goSharpV(JsonNode n) {
        if (n == null || n.isNull()) {
            return "interface {}(nil)";
        }
        if (n.isString()) {
            return GoQuote.quote(n.stringValue());
        }
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("map[string]interface {}{");
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                b.append(first ? "" : ", ").append(GoQuote.quote(e.getKey())).append(':').append(goSharpV(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("[]interface {}{");
            boolean first = true;
            for (JsonNode x : n.values()) {
                b.append(first ? "" : ", ").append(goSharpV(x));
                first = false;
            }
            return b.append('}').toString();
        }
        return goV(n);
    }

    /** A decoded JSON value as Go's encoding/json writes it (keys sorted). */
    static String goJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isString()) {
            return GoQuote.json(n.stringValue());
        }
        if (n.isBoolean() || Schemas.isInt64(n)) {
            return goV(n);
        }
        if (n.isNumber()) {
            double f = n.doubleValue();
            double a = Math.abs(f);
            if (a != 0 && (a < 1e-6 || a >= 1e21)) {
                String g = new BigDecimal(Double.toString(f)).stripTrailingZeros().toString().replace("E", "e");
                return g.replaceAll("e([+-])0*(\\d)", "e$1$2");
            }
            return new BigDecimal(Double.toString(f)).stripTrailingZeros().toPlainString();
        }
        StringBuilder b = new StringBuilder();
        if (n.isArray()) {
            b.append('[');
            for (JsonNode x : n.values()) {
                b.append(b.length() > 1 ? "," : "").append(goJson(x));
            }
            return b.append(']').toString();
        }
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        b.append('{');
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            b.append(b.length() > 1 ? "," : "").append(GoQuote.json(e.getKey())).append(':').append(goJson(e.getValue()));
        }
        return b.append('}').toString();
    }

    /** Go's %v of a float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6 on. */
    static String goFloat(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return 1 / f < 0 ? "-0" : "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.valueOf(Math.abs(exp));
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return sign + d.toPlainString();
    }
}
