package io.k3j.apiserver.registry.kinds;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds field-level {@link Status.Cause}s worded like upstream's field.Error (apimachinery
 * util/validation/field): "Required value", "Invalid value: &lt;value&gt;: detail", "Unsupported value: …" and so
 * on, rendering bad values as Go does (strings quoted, numbers plain, anything else as JSON). Stateless.
 */
final class Causes {

    static final String REQUIRED = "FieldValueRequired";
    static final String INVALID = "FieldValueInvalid";
    static final String NOT_SUPPORTED = "FieldValueNotSupported";
    static final String DUPLICATE = "FieldValueDuplicate";
    static final String FORBIDDEN = "FieldValueForbidden";
    static final String NOT_FOUND = "FieldValueNotFound";
    static final String TOO_LONG = "FieldValueTooLong";

    private Causes() {
    }

    static Status.Cause required(String field, String detail) {
        return new Status.Cause(REQUIRED, withDetail("Required value", detail), field);
    }

    static Status.Cause required(String field) {
        return required(field, "");
    }

    static Status.Cause invalid(String field, Object value, String detail) {
        return new Status.Cause(INVALID, withDetail("Invalid value: " + render(value), detail), field);
    }

    static Status.Cause notSupported(String field, Object value, String... supported) {
        StringBuilder d = new StringBuilder();
        for (String s : supported) {
            d.append(d.isEmpty() ? "supported values: " : ", ").append(quote(s));
        }
        return new Status.Cause(NOT_SUPPORTED, withDetail("Unsupported value: " + render(value), d.toString()), field);
    }

    static Status.Cause duplicate(String field, Object value) {
        return new Status.Cause(DUPLICATE, "Duplicate value: " + render(value), field);
    }

    static Status.Cause forbidden(String field, String detail) {
        return new Status.Cause(FORBIDDEN, withDetail("Forbidden", detail), field);
    }

    static Status.Cause notFound(String field, Object value) {
        return new Status.Cause(NOT_FOUND, "Not found: " + render(value), field);
    }

    static Status.Cause tooLong(String field, int maxBytes) {
        return new Status.Cause(TOO_LONG, "Too long: may not be more than " + maxBytes + " bytes", field);
    }

    /** Upstream ValidateNonnegativeField on an optional integer member; non-integers are reported too. */
    static void nonNegative(List<Status.Cause> causes, JsonNode node, String member, String field) {
        JsonNode v = node == null ? null : node.get(member);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isIntegralNumber()) {
            causes.add(invalid(field, v, "must be an integer"));
        } else if (v.asLong() < 0) {
            causes.add(invalid(field, v, "must be greater than or equal to 0"));
        }
    }

    /** Upstream IsValidPortNum: problems with a port number (1–65535). */
    static List<String> portNum(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of("must be between 1 and 65535, inclusive");
    }

    /** Upstream IsValidPortName (an IANA_SVC_NAME): problems with a named port. */
    static List<String> portName(String port) {
        List<String> errs = new ArrayList<>();
        if (port.length() > 15) {
            errs.add("must be no more than 15 characters");
        }
        if (!port.matches("[-a-z0-9]+")) {
            errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!port.matches(".*[a-z].*")) {
            errs.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errs.add("must not contain consecutive hyphens (--)");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errs.add("must not begin or end with a hyphen (-)");
        }
        return errs;
    }

    /**
     * Ends the request with 422 Invalid when an update has problems; used from prepareForUpdate because
     * validate() does not see the old object.
     */
    static void reject(String group, String kind, ObjectNode old, List<Status.Cause> causes) {
        if (!causes.isEmpty()) {
            throw new ApiException(Status.invalid(group, kind, Meta.name(old), causes));
        }
    }

    /** Copies causes produced for a top-level path ("metadata.labels") under {@code prefix}. */
    static void reroot(List<Status.Cause> from, String prefix, List<Status.Cause> to) {
        for (Status.Cause c : from) {
            to.add(new Status.Cause(c.reason(), c.message(), prefix + "." + c.field()));
        }
    }

    private static String withDetail(String head, String detail) {
        return detail == null || detail.isEmpty() ? head : head + ": " + detail;
    }

    /** A bad value as upstream prints it: Go %q for strings, plain numbers and booleans, JSON otherwise. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return quote(s);
        } else if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        } else if (value instanceof JsonNode n) {
            if (n.isString()) {
                return quote(n.stringValue());
            } else if (n.isNumber() || n.isBoolean()) {
                return n.asString();
            }
            StringBuilder b = new StringBuilder();
            json(n, b);
            return b.toString();
        } else if (value instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(jsonString(String.valueOf(e.getKey()))).append(':')
                        .append(jsonString(String.valueOf(e.getValue())));
            }
            return b.append('}').toString();
        }
        return quote(value.toString());
    }

    /** Go encoding/json output: compact, object keys sorted (as for Go maps), HTML characters escaped. */
    private static void json(JsonNode n, StringBuilder b) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            b.append("null");
        } else if (n.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                sorted.put(e.getKey(), e.getValue());
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                b.append(first ? "" : ",").append(jsonString(e.getKey())).append(':');
                json(e.getValue(), b);
                first = false;
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                b.append(i > 0 ? "," : "");
                json(n.get(i), b);
            }
            b.append(']');
        } else if (n.isString()) {
            b.append(jsonString(n.stringValue()));
        } else {
            b.append(n.asString());
        }
    }

    /** Go's strconv.Quote (as %q prints strings). */
    static String quote(String s) {
        return io.k3j.api.GoQuote.quote(s);
    }

    private static String jsonString(String s) {
        return io.k3j.api.GoQuote.json(s);
    }
}
