package io.k3j.apiserver.apiextensions;

import io.k3j.api.Status.Cause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The definition-time checks of one version's {@code openAPIV3Schema}, in upstream's order: the schema must
 * convert to a structural schema, satisfy the structural invariants (sorted by message, as upstream sorts them)
 * and completeness, and its defaults must validate and be pruned; then the OpenAPI rules ({@link OpenApiRules}:
 * unsupported keywords, list and map types). A schema that does not convert reports its conversion error only
 * when nothing else is wrong. Stateless.
 */
public final class StructuralSchema {

    enum Level { ROOT, ITEM, FIELD }

    private static final List<String> NESTED_FORBIDDEN_EMPTY = List.of("title", "description");

    private StructuralSchema() {
    }

    /** Every problem with {@code schema} (a JSONSchemaProps tree) reported under {@code path}. */
    public static List<Cause> check(JsonNode schema, String path) {
        List<Cause> errs = new ArrayList<>();
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            errs.add(FieldErrors.required(path, "schemas are required"));
            return errs;
        }
        if (!schema.isObject()) {
            errs.add(FieldErrors.invalid(path, schema, "must be an object"));
            return errs;
        }
        if (Schemas.nullable(schema)) {
            errs.add(FieldErrors.forbidden(path + ".nullable", "nullable cannot be true at the root"));
        }
        String conversionError = conversionError(schema);
        if (conversionError == null) {
            List<Cause> structural = new ArrayList<>();
            invariants(schema, Level.ROOT, path, structural);
            completeness(schema, schema, path, path, structural);
            structural.sort(Comparator.comparing(c -> c.field() + ": " + c.message()));
            errs.addAll(structural);
            if (structural.isEmpty()) {
                errs.addAll(DefaultRules.check(path, schema));
            }
        }
        errs.addAll(OpenApiRules.check(schema, path));
        if (errs.isEmpty() && conversionError != null) {
            errs.add(FieldErrors.invalid(path, "", conversionError));
        }
        return errs;
    }

    /** Why upstream cannot convert the schema to a structural one, or null. */
    static String conversionError(JsonNode s) {
        if (s == null || !s.isObject()) {
            return null;
        }
        String[][] unsupported = {{"id", "id"}, {"$schema", "schema"}, {"$ref", "$ref"},
            {"patternProperties", "patternProperties"}, {"dependencies", "dependencies"},
            {"additionalItems", "additionalItems"}, {"definitions", "definitions"}};
        for (String[] u : unsupported) {
            JsonNode v = s.get(u[0]);
            if (v != null && !v.isNull() && !(v.isString() && v.stringValue().isEmpty())
                    && !(v.isObject() && v.isEmpty() && !u[0].equals("additionalItems"))) {
                return "OpenAPIV3Schema '" + u[1] + "' is not supported";
            }
        }
        JsonNode preserve = s.get(Schemas.PRESERVE);
        if (preserve != null && preserve.isBoolean() && !preserve.booleanValue()) {
            return "internal error: '" + Schemas.PRESERVE + "' must be true or undefined";
        }
        JsonNode items = s.get("items");
        if (items != null && items.isArray()) {
            return "OpenAPIV3Schema 'items' must be a schema, but is an array";
        }
        List<JsonNode> children = new ArrayList<>();
        children.add(items);
        children.add(Schemas.additionalProperties(s));
        children.add(s.get("not"));
        for (String list : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode l = s.get(list);
            if (l != null && l.isArray()) {
                l.values().forEach(children::add);
            }
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            props.values().forEach(children::add);
        }
        for (JsonNode c : children) {
            String err = conversionError(c);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private static void invariants(JsonNode s, Level lvl, String path, List<Cause> errs) {
        String type = Schemas.type(s);
        JsonNode items = Schemas.items(s);
        if (type.equals("array") && items == null) {
            errs.add(FieldErrors.required(path + ".items", "must be specified"));
        }
        if (items != null) {
            invariants(items, Level.ITEM, path + ".items", errs);
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                if (p.getValue().isObject()) {
                    invariants(p.getValue(), Level.FIELD, path + ".properties[" + p.getKey() + "]", errs);
                }
            }
        }
        if (Schemas.hasAdditionalProperties(s)) {
            if (lvl == Level.ROOT) {
                errs.add(FieldErrors.forbidden(path + ".additionalProperties", "must not be used at the root"));
            }
            if (Schemas.additionalProperties(s) != null) {
                invariants(Schemas.additionalProperties(s), Level.FIELD, path + ".additionalProperties", errs);
            }
        }
        boolean intOrString = Schemas.intOrString(s);
        boolean embedded = Schemas.embedded(s);
        boolean preserve = Schemas.preserveUnknown(s);
        if (intOrString && preserve) {
            errs.add(FieldErrors.invalid(path + "." + Schemas.PRESERVE, true,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        if (intOrString && embedded) {
            errs.add(FieldErrors.invalid(path + "." + Schemas.EMBEDDED, true,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        valueValidation(s, intOrStringAnyOf(s), intOrStringAllOf(s), path, errs);
        boolean checkMetadata = lvl == Level.ROOT || embedded;
        if (embedded && !type.equals("object")) {
            String detail = "must be object if x-kubernetes-embedded-resource is true";
            errs.add(type.isEmpty() ? FieldErrors.required(path + ".type", detail)
                    : FieldErrors.invalid(path + ".type", type, detail));
        } else if (type.isEmpty() && !intOrString && !preserve) {
            errs.add(FieldErrors.required(path + ".type", switch (lvl) {
                case ROOT -> "must not be empty at the root";
                case ITEM -> "must not be empty for specified array items";
                case FIELD -> "must not be empty for specified object fields";
            }));
        }
        if (embedded && Schemas.hasAdditionalProperties(s)) {
            errs.add(FieldErrors.forbidden(path + ".additionalProperties",
                    "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (lvl == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
            errs.add(FieldErrors.invalid(path + ".type", type, "must be object at the root"));
        }
        for (String meta : List.of("kind", "apiVersion")) {
            JsonNode p = Schemas.property(s, meta);
            if (p != null && checkMetadata && !Schemas.type(p).equals("string")) {
                errs.add(FieldErrors.invalid(path + ".properties[" + meta + "].type", Schemas.type(p), "must be string"));
            }
        }
        JsonNode metadata = Schemas.property(s, "metadata");
        if (metadata != null) {
            String mPath = path + ".properties[metadata]";
            if (checkMetadata && !Schemas.type(metadata).equals("object")) {
                errs.add(FieldErrors.invalid(mPath + ".type", Schemas.type(metadata), "must be object"));
            }
            if (lvl == Level.ROOT && !onlyNameRestrictions(metadata)) {
                errs.add(FieldErrors.forbidden(mPath, "must not specify anything other than name and generateName,"
                        + " but metadata is implicitly specified"));
            }
        }
        if (embedded && !preserve && !Schemas.hasProperties(s)) {
            errs.add(FieldErrors.required(path + ".properties", "must not be empty if x-kubernetes-embedded-resource"
                    + " is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    /** Whether the root's metadata schema restricts at most name and generateName (type and default aside). */
    private static boolean onlyNameRestrictions(JsonNode metadata) {
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            String k = e.getKey();
            if (k.equals("type") || k.equals("default") || !specified(e.getValue())) {
                continue;
            }
            if (k.equals("properties") && e.getValue().isObject()) {
                Set<String> names = Set.copyOf(iterable(e.getValue()));
                if (Set.of("name", "generateName").containsAll(names)) {
                    continue;
                }
            }
            return false;
        }
        return true;
    }

    private static List<String> iterable(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.propertyNames().forEach(names::add);
        return names;
    }

    /** Whether a keyword carries something (not null, false, "" or an empty list or map). */
    static boolean specified(JsonNode v) {
        return v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue())
                && !(v.isString() && v.stringValue().isEmpty()) && !((v.isArray() || v.isObject()) && v.isEmpty());
    }

    private static boolean isTypeOnly(JsonNode s, String type) {
        return s != null && s.isObject() && s.size() == 1 && Schemas.type(s).equals(type);
    }

    /** anyOf: [{type: integer}, {type: string}], the int-or-string form upstream lets through. */
    private static boolean intOrStringPair(JsonNode anyOf) {
        return anyOf != null && anyOf.isArray() && anyOf.size() == 2 && isTypeOnly(anyOf.get(0), "integer")
                && isTypeOnly(anyOf.get(1), "string");
    }

    private static boolean intOrStringAnyOf(JsonNode s) {
        return intOrStringPair(s.get("anyOf"));
    }

    private static boolean intOrStringAllOf(JsonNode s) {
        JsonNode allOf = s.get("allOf");
        return allOf != null && allOf.isArray() && !allOf.isEmpty() && allOf.get(0).isObject()
                && intOrStringPair(allOf.get(0).get("anyOf"));
    }

    private static void valueValidation(JsonNode v, boolean skipAnyOf, boolean skipFirstAllOfAnyOf, String path,
            List<Cause> errs) {
        JsonNode anyOf = v.get("anyOf");
        if (!skipAnyOf && anyOf != null && anyOf.isArray()) {
            for (int i = 0; i < anyOf.size(); i++) {
                nested(anyOf.get(i), false, path + ".anyOf[" + i + "]", errs);
            }
        }
        JsonNode allOf = v.get("allOf");
        if (allOf != null && allOf.isArray()) {
            for (int i = 0; i < allOf.size(); i++) {
                nested(allOf.get(i), skipFirstAllOfAnyOf && i == 0, path + ".allOf[" + i + "]", errs);
            }
        }
        JsonNode oneOf = v.get("oneOf");
        if (oneOf != null && oneOf.isArray()) {
            for (int i = 0; i < oneOf.size(); i++) {
                nested(oneOf.get(i), false, path + ".oneOf[" + i + "]", errs);
            }
        }
        nested(v.get("not"), false, path + ".not", errs);
        JsonNode pattern = v.get("pattern");
        if (pattern != null && pattern.isString() && !pattern.stringValue().isEmpty()) {
            try {
                Patterns.compile(pattern.stringValue());
            } catch (IllegalArgumentException e) {
                errs.add(FieldErrors.invalid(path + ".pattern", pattern.stringValue(),
                        "must be a valid regular expression, but isn't: " + e.getMessage()));
            }
        }
    }

    /** A schema inside allOf/anyOf/oneOf/not: value validation only. */
    private static void nested(JsonNode v, boolean skipAnyOf, String path, List<Cause> errs) {
        if (v == null || !v.isObject()) {
            return;
        }
        valueValidation(v, skipAnyOf, false, path, errs);
        nested(Schemas.items(v), false, path + ".items", errs);
        JsonNode props = v.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                nested(p.getValue(), false, path + ".properties[" + p.getKey() + "]", errs);
            }
        }
        if (!Schemas.type(v).isEmpty()) {
            errs.add(FieldErrors.forbidden(path + ".type", "must be empty to be structural"));
        }
        if (Schemas.hasAdditionalProperties(v)) {
            errs.add(FieldErrors.forbidden(path + ".additionalProperties", "must be undefined to be structural"));
        }
        if (v.has("default") && !v.get("default").isNull()) {
            errs.add(FieldErrors.forbidden(path + ".default", "must be undefined to be structural"));
        }
        for (String k : NESTED_FORBIDDEN_EMPTY) {
            if (specified(v.get(k))) {
                errs.add(FieldErrors.forbidden(path + "." + k, "must be empty to be structural"));
            }
        }
        if (Schemas.nullable(v)) {
            errs.add(FieldErrors.forbidden(path + ".nullable", "must be false to be structural"));
        }
        if (v.has("externalDocs") && !v.get("externalDocs").isNull()) {
            errs.add(FieldErrors.forbidden(path + ".externalDocs", "must be undefined to be structural"));
        }
        for (String k : List.of(Schemas.PRESERVE, Schemas.EMBEDDED, Schemas.INT_OR_STRING)) {
            if (Schemas.flag(v, k)) {
                errs.add(FieldErrors.forbidden(path + "." + k, "must be false to be structural"));
            }
        }
        if (specified(v.get(Schemas.LIST_MAP_KEYS))) {
            errs.add(FieldErrors.forbidden(path + "." + Schemas.LIST_MAP_KEYS, "must be empty to be structural"));
        }
        for (String k : List.of(Schemas.LIST_TYPE, Schemas.MAP_TYPE)) {
            if (v.has(k) && !v.get(k).isNull()) {
                errs.add(FieldErrors.forbidden(path + "." + k, "must be undefined to be structural"));
            }
        }
        if (specified(v.get("x-kubernetes-validations"))) {
            errs.add(FieldErrors.forbidden(path + ".x-kubernetes-validations", "must be empty to be structural"));
        }
        if (Schemas.property(v, "metadata") != null) {
            errs.add(FieldErrors.forbidden(path + ".properties[metadata]", "must not be specified in a nested context"));
        }
    }

    /** Every field or array that the root's junctors specify must be specified outside them as well. */
    private static void completeness(JsonNode v, JsonNode s, String sPath, String vPath, List<Cause> errs) {
        nestedCompleteness(v.get("not"), s, sPath, vPath + ".not", errs);
        for (String list : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode l = v.get(list);
            if (l != null && l.isArray()) {
                for (int i = 0; i < l.size(); i++) {
                    nestedCompleteness(l.get(i), s, sPath, vPath + "." + list + "[" + i + "]", errs);
                }
            }
        }
    }

    private static void nestedCompleteness(JsonNode v, JsonNode s, String sPath, String vPath, List<Cause> errs) {
        if (v == null || !v.isObject()) {
            return;
        }
        if (s == null) {
            errs.add(FieldErrors.required(sPath, "because it is defined in " + vPath));
            return;
        }
        completeness(v, s, sPath, vPath, errs);
        nestedCompleteness(Schemas.items(v), Schemas.items(s), sPath + ".items", vPath + ".items", errs);
        JsonNode props = v.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                String key = ".properties[" + p.getKey() + "]";
                JsonNode sp = Schemas.property(s, p.getKey());
                if (sp == null) {
                    errs.add(FieldErrors.required(sPath + key, "because it is defined in " + vPath + key));
                } else {
                    nestedCompleteness(p.getValue(), sp, sPath + key, vPath + key, errs);
                }
            }
        }
    }
}
