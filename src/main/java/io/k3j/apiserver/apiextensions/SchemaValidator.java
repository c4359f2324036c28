package io.k3j.apiserver.apiextensions;

import io.k3j.api.GoQuote;
import io.k3j.api.Status.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Validates a custom resource against its version's {@code openAPIV3Schema} as upstream's CR strategy does:
 * the kube-openapi schema validator (messages such as {@code spec.replicas in body must be of type integer:
 * "string"}, converted to field errors as apiextensions-apiserver converts them), then the embedded-resource
 * checks ({@link EmbeddedResources}) and the list-type uniqueness checks ({@link ListTypes}). The root's
 * {@code apiVersion}, {@code kind} and {@code metadata} are checked only against what the schema declares for
 * them; the generic store validates metadata. Stateless.
 */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    /** Every problem with {@code object} (a whole custom resource), in upstream's order. */
    public static List<Cause> validate(JsonNode object, JsonNode schema) {
        List<Cause> causes = new ArrayList<>(validateValue(object, schema, null));
        if (schema != null && object != null) {
            causes.addAll(EmbeddedResources.validate(object, schema));
            causes.addAll(ListTypes.validate(object, schema));
        }
        return causes;
    }

    /**
     * Runs only the schema validator on {@code value}, reporting under {@code fieldPath} (null for a whole
     * object, whose top-level errors upstream prints at path {@code <nil>}).
     */
    static List<Cause> validateValue(JsonNode value, JsonNode schema, String fieldPath) {
        List<Cause> causes = new ArrayList<>();
        if (schema == null || value == null || value.isMissingNode()) {
            return causes;
        }
        List<Err> errs = new ArrayList<>();
        validate(value, schema, "", errs);
        for (Err e : errs) {
            causes.add(e.toCause(fieldPath));
        }
        return causes;
    }

    enum Code { REQUIRED, ENUM, TOO_LONG, MAX_ITEMS, TOO_MANY_PROPERTIES, INVALID_TYPE, OTHER }

    /** One kube-openapi validation error: its code, name (the body path), value and message. */
    record Err(Code code, String name, Object value, String message, List<String> enumValues, long limit) {

        static Err of(Code code, String name, Object value, String message) {
            return new Err(code, name, value, message, List.of(), -1);
        }

        Cause toCause(String fieldPath) {
            String path = !name.isEmpty() && !name.equals(".")
                    ? (fieldPath == null ? "" : fieldPath + ".") + (name.startsWith(".") ? name.substring(1) : name)
                    : (fieldPath == null ? FieldErrors.NIL_PATH : fieldPath);
            Object v = value == null || (value instanceof JsonNode n && n.isNull()) ? "" : value;
            return switch (code) {
                case REQUIRED -> FieldErrors.required(path, "");
                case ENUM -> FieldErrors.notSupported(path, value instanceof JsonNode n && n.isNull() ? null : value,
                        enumValues);
                case TOO_LONG -> FieldErrors.tooLong(path, limit);
                case MAX_ITEMS, TOO_MANY_PROPERTIES -> FieldErrors.tooMany(path, (Long) value, limit);
                case INVALID_TYPE -> FieldErrors.typeInvalid(path, v, message);
                case OTHER -> FieldErrors.invalid(path, v, message);
            };
        }
    }

    private static String in(String name, String rest) {
        return name + " in body " + rest;
    }

    /** Validates {@code data} at body path {@code path}; returns how many checks ran (upstream's MatchCount). */
    static int validate(JsonNode data, JsonNode s, String path, List<Err> out) {
        List<String> types = types(s);
        String format = effectiveFormat(s, types);
        int count = 0;
        if (data.isNull()) {
            if (!types.isEmpty() || !format.isEmpty()) {
                count += typeCheck(data, types, format, Schemas.nullable(s), path, out);
            }
            enumCheck(data, s, path, out);
            return count;
        }
        if (!types.isEmpty() || !format.isEmpty()) {
            count += 1 + typeCheck(data, types, format, false, path, out);
        }
        count += 1 + Combinators.validate(data, s, path, out);
        if (data.isString()) {
            count += 2;
            stringCheck(data.stringValue(), s, path, out);
            if (Formats.known(format) && !Formats.valid(format, data.stringValue())) {
                out.add(Err.of(Code.INVALID_TYPE, path, data.stringValue(),
                        in(path, "must be of type " + format + ": " + GoQuote.quote(data.stringValue()))));
            }
        }
        if (data.isNumber()) {
            count += 2;
            Numbers.check(data, s, path, out);
        }
        if (data.isArray()) {
            count += 2;
            int i = 0;
            JsonNode items = Schemas.items(s);
            for (JsonNode item : data.values()) {
                if (items != null) {
                    count += validate(item, items, path + "[" + i + "]", out);
                }
                i++;
            }
            sliceCheck(data, s, path, out);
        }
        count++;
        enumCheck(data, s, path, out);
        if (data.isObject()) {
            count += 1 + objectCheck(data, s, path, out);
        }
        return count + 1;
    }

    static List<String> types(JsonNode s) {
        if (Schemas.intOrString(s)) {
            return List.of("integer", "string");
        }
        String t = Schemas.type(s);
        return t.isEmpty() ? List.of() : List.of(t);
    }

    /** The schema's format after upstream drops the formats CRDs do not support. */
    static String effectiveFormat(JsonNode s, List<String> types) {
        JsonNode f = s.get("format");
        if (f == null || !f.isString() || f.stringValue().isEmpty()) {
            return "";
        }
        String format = f.stringValue();
        String t = types.size() == 1 ? types.getFirst() : "";
        return switch (t) {
            case "", "string" -> Formats.supported(format) ? format : "";
            case "integer" -> format.equals("int32") || format.equals("int64") ? format : "";
            case "number" -> format.equals("float") || format.equals("double") ? format : "";
            default -> "";
        };
    }

    /** The JSON type upstream infers for decoded data. */
    static String jsonType(JsonNode d) {
        if (d.isString()) {
            return "string";
        } else if (d.isBoolean()) {
            return "boolean";
        } else if (d.isNumber()) {
            return Schemas.isInt64(d) ? "integer" : "number";
        } else if (d.isArray()) {
            return "array";
        }
        return "object";
    }

    private static int typeCheck(JsonNode d, List<String> types, String format, boolean nullable, String path,
            List<Err> out) {
        String want = String.join(",", types);
        if (d.isNull()) {
            if (!types.isEmpty() && !nullable) {
                out.add(Err.of(Code.INVALID_TYPE, path, "null", in(path, "must be of type " + want + ": \"null\"")));
                return 0;
            }
            return 1;
        }
        String schType = jsonType(d);
        String dataFormat = schType.equals("integer") ? "int64" : schType.equals("number") ? "float64" : "";
        boolean floatInt = schType.equals("number") && Schemas.isJsonInteger(d.doubleValue())
                && types.contains("integer");
        boolean intFloat = schType.equals("integer") && types.contains("number");
        boolean stringOrArray = d.isString() || d.isArray();
        if (!stringOrArray && !format.isEmpty() && !(types.contains(schType) || format.equals(dataFormat) || floatInt
                || intFloat)) {
            out.add(Err.of(Code.INVALID_TYPE, path, dataFormat,
                    in(path, "must be of type " + format + ": " + GoQuote.quote(dataFormat))));
            return 0;
        }
        if (!(types.contains("number") || types.contains("integer")) && !format.isEmpty() && stringOrArray) {
            return 1;
        }
        if (!(types.contains(schType) || floatInt || intFloat)) {
            out.add(Err.of(Code.INVALID_TYPE, path, schType,
                    in(path, "must be of type " + want + ": " + GoQuote.quote(schType))));
            return 0;
        }
        return 1;
    }

    private static void stringCheck(String data, JsonNode s, String path, List<Err> out) {
        long length = data.codePointCount(0, data.length());
        JsonNode max = s.get("maxLength");
        if (max != null && max.isNumber() && length > max.longValue()) {
            out.add(new Err(Code.TOO_LONG, path, data, in(path, "should be at most " + max.longValue()
                    + " chars long"), List.of(), max.longValue()));
            return;
        }
        JsonNode min = s.get("minLength");
        if (min != null && min.isNumber() && length < min.longValue()) {
            out.add(Err.of(Code.OTHER, path, data, in(path, "should be at least " + min.longValue() + " chars long")));
            return;
        }
        JsonNode pattern = s.get("pattern");
        if (pattern != null && pattern.isString() && !pattern.stringValue().isEmpty()) {
            String p = pattern.stringValue();
            try {
                if (!Patterns.compile(p).matcher(data).find()) {
                    out.add(Err.of(Code.OTHER, path, data, in(path, "should match '" + p + "'")));
                }
            } catch (IllegalArgumentException e) {
                out.add(Err.of(Code.OTHER, path, data, in(path, "should match '" + p + ", but pattern is invalid: "
                        + e.getMessage() + "'")));
            }
        }
    }

    private static void sliceCheck(JsonNode d, JsonNode s, String path, List<Err> out) {
        long size = d.size();
        JsonNode min = s.get("minItems");
        if (min != null && min.isNumber() && size < min.longValue()) {
            out.add(Err.of(Code.OTHER, path, size, in(path, "should have at least " + min.longValue() + " items")));
        }
        JsonNode max = s.get("maxItems");
        if (max != null && max.isNumber() && size > max.longValue()) {
            out.add(new Err(Code.MAX_ITEMS, path, size, in(path, "should have at most " + max.longValue()
                    + " items"), List.of(), max.longValue()));
        }
        if (Schemas.flag(s, "uniqueItems")) {
            List<JsonNode> seen = new ArrayList<>();
            for (JsonNode x : d.values()) {
                if (seen.stream().anyMatch(u -> Schemas.goEquals(u, x))) {
                    out.add(Err.of(Code.OTHER, path, null, in(path, "shouldn't contain duplicates")));
                    break;
                }
                seen.add(x);
            }
        }
    }

    private static void enumCheck(JsonNode d, JsonNode s, String path, List<Err> out) {
        JsonNode e = s.get("enum");
        if (e == null || !e.isArray() || e.isEmpty()) {
            return;
        }
        List<String> allowed = new ArrayList<>();
        for (JsonNode v : e.values()) {
            if (!d.isNull() && (Schemas.goEquals(d, v) || (d.isNumber() && v.isNumber()
                    && d.doubleValue() == v.doubleValue()))) {
                return;
            }
            allowed.add(v.isString() ? v.stringValue() : FieldErrors.goJson(v));
        }
        out.add(new Err(Code.ENUM, path, d, in(path, "should be one of the enum values"), allowed, -1));
    }

    private static int objectCheck(JsonNode d, JsonNode s, String path, List<Err> out) {
        long keys = d.size();
        JsonNode min = s.get("minProperties");
        if (min != null && min.isNumber() && keys < min.longValue()) {
            out.add(Err.of(Code.OTHER, path, keys, in(path, "should have at least " + min.longValue()
                    + " properties")));
            return 0;
        }
        JsonNode max = s.get("maxProperties");
        if (max != null && max.isNumber() && keys > max.longValue()) {
            out.add(new Err(Code.TOO_MANY_PROPERTIES, path, keys, in(path, "should have at most " + max.longValue()
                    + " properties"), List.of(), max.longValue()));
            return 0;
        }
        int count = 0;
        JsonNode additional = s.get("additionalProperties");
        for (Map.Entry<String, JsonNode> e : d.properties()) {
            if (Schemas.property(s, e.getKey()) != null) {
                continue;
            }
            if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                out.add(Err.of(Code.OTHER, path, e.getKey(), path + "." + e.getKey() + " in body is a forbidden property"));
            } else if (additional != null && additional.isObject()) {
                count += validate(e.getValue(), additional, path + "." + e.getKey(), out);
            }
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                JsonNode v = d.get(p.getKey());
                if (v != null && p.getValue().isObject()) {
                    count += validate(v, p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), out);
                }
            }
        }
        JsonNode required = s.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode r : required.values()) {
                if (r.isString() && !d.has(r.stringValue())) {
                    String name = path + "." + r.stringValue();
                    out.add(Err.of(Code.REQUIRED, name, null, in(name, "is required")));
                }
            }
        }
        return count;
    }
}
