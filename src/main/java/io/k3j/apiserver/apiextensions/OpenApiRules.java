package io.k3j.apiserver.apiextensions;

import io.k3j.api.GoQuote;
import io.k3j.api.Status.Cause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's OpenAPI v3 rules for CRD schemas (apiextensions validation of JSONSchemaProps): supported types,
 * keywords CRDs do not support ({@code $ref}, {@code id}, {@code definitions}, …), no {@code uniqueItems},
 * properties and additionalProperties mutually exclusive, defaults not in top-level metadata, and the
 * {@code x-kubernetes-list-type} / {@code -list-map-keys} / {@code -map-type} rules. Stateless.
 */
final class OpenApiRules {

    private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "object", "string");
    private static final Set<String> META_FIELDS = Set.of("metadata", "kind", "apiVersion");

    /** Where in the schema the walk is: defaults allowed (or why not) and whether inside TypeMeta/ObjectMeta. */
    private record Context(boolean allowDefaults, String noDefaultsReason, boolean insideMeta) {

        Context withoutDefaults(String reason) {
            return new Context(false, reason, insideMeta);
        }

        Context inMeta() {
            return new Context(allowDefaults, noDefaultsReason, true);
        }
    }

    private OpenApiRules() {
    }

    static List<Cause> check(JsonNode schema, String path) {
        List<Cause> errs = new ArrayList<>();
        walk(schema, path, new Context(true, "", false), true, errs);
        return errs;
    }

    private static void walk(JsonNode s, String path, Context ctx, boolean root, List<Cause> errs) {
        if (s == null || !s.isObject()) {
            return;
        }
        keywords(s, path, ctx, errs);
        if (Schemas.flag(s, "uniqueItems")) {
            errs.add(FieldErrors.forbidden(path + ".uniqueItems",
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        JsonNode additional = s.get("additionalProperties");
        if (Schemas.hasAdditionalProperties(s)) {
            if (Schemas.hasProperties(s) && (additional.isObject() || !additional.booleanValue())) {
                errs.add(FieldErrors.forbidden(path + ".additionalProperties",
                        "additionalProperties and properties are mutual exclusive"));
            }
            Context sub = ctx.insideMeta() ? ctx.withoutDefaults("inside additionalProperties applying to object"
                    + " metadata") : ctx;
            walk(Schemas.additionalProperties(s), path + ".additionalProperties", sub, false, errs);
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                Context sub = ctx;
                if ((root || Schemas.embedded(s)) && META_FIELDS.contains(p.getKey())) {
                    sub = sub.inMeta();
                    if (root) {
                        sub = sub.withoutDefaults("in top-level " + p.getKey());
                    }
                }
                walk(p.getValue(), path + ".properties[" + p.getKey() + "]", sub, false, errs);
            }
        }
        walk(s.get("not"), path + ".not", ctx, false, errs);
        for (String list : List.of("allOf", "oneOf", "anyOf")) {
            JsonNode l = s.get(list);
            if (l != null && l.isArray()) {
                for (int i = 0; i < l.size(); i++) {
                    walk(l.get(i), path + "." + list + "[" + i + "]", ctx, false, errs);
                }
            }
        }
        JsonNode defs = s.get("definitions");
        if (defs != null && defs.isObject()) {
            for (Map.Entry<String, JsonNode> d : defs.properties()) {
                walk(d.getValue(), path + ".definitions[" + d.getKey() + "]", ctx, false, errs);
            }
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            walk(items, path + ".items", ctx, false, errs);
        } else if (items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                walk(items.get(i), path + ".items[" + i + "]", ctx, false, errs);
            }
        }
        JsonNode deps = s.get("dependencies");
        if (deps != null && deps.isObject()) {
            for (Map.Entry<String, JsonNode> d : deps.properties()) {
                walk(d.getValue(), path + ".dependencies[" + d.getKey() + "]", ctx, false, errs);
            }
        }
        extensions(s, path, errs);
    }

    /** The per-node keyword rules (upstream's specStandardValidatorV3). */
    private static void keywords(JsonNode s, String path, Context ctx, List<Cause> errs) {
        String type = Schemas.type(s);
        if (!type.isEmpty() && !TYPES.contains(type)) {
            errs.add(FieldErrors.notSupported(path + ".type", type, TYPES));
        }
        if (s.has("default") && !s.get("default").isNull() && !ctx.allowDefaults()) {
            String reason = ctx.noDefaultsReason().isEmpty() ? "" : " " + ctx.noDefaultsReason();
            errs.add(FieldErrors.forbidden(path + ".default", "must not be set" + reason));
        }
        if (StructuralSchema.specified(s.get("id"))) {
            errs.add(FieldErrors.forbidden(path + ".id", "id is not supported"));
        }
        if (s.has("additionalItems") && !s.get("additionalItems").isNull()) {
            errs.add(FieldErrors.forbidden(path + ".additionalItems", "additionalItems is not supported"));
        }
        for (String k : List.of("patternProperties", "definitions")) {
            if (StructuralSchema.specified(s.get(k))) {
                errs.add(FieldErrors.forbidden(path + "." + k, k + " is not supported"));
            }
        }
        if (s.has("dependencies") && !s.get("dependencies").isNull()) {
            errs.add(FieldErrors.forbidden(path + ".dependencies", "dependencies is not supported"));
        }
        if (s.has("$ref") && !s.get("$ref").isNull()) {
            errs.add(FieldErrors.forbidden(path + ".$ref", "$ref is not supported"));
        }
        if (type.equals("null")) {
            errs.add(FieldErrors.forbidden(path + ".type", "type cannot be set to null, use nullable as an alternative"));
        }
        JsonNode items = s.get("items");
        if (items != null && items.isArray() && !items.isEmpty()) {
            errs.add(FieldErrors.forbidden(path + ".items", "items must be a schema object and not an array"));
        }
        if (ctx.insideMeta() && Schemas.embedded(s)) {
            errs.add(FieldErrors.forbidden(path + "." + Schemas.EMBEDDED, "must not be used inside of resource meta"));
        }
    }

    private static String string(JsonNode s, String key) {
        JsonNode v = s.get(key);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static void extensions(JsonNode s, String path, List<Cause> errs) {
        String type = Schemas.type(s);
        JsonNode preserve = s.get(Schemas.PRESERVE);
        if (preserve != null && preserve.isBoolean() && !preserve.booleanValue()) {
            errs.add(FieldErrors.invalid(path + "." + Schemas.PRESERVE, false, "must be true or undefined"));
        }
        String mapType = string(s, Schemas.MAP_TYPE);
        if (mapType != null && !type.equals("object")) {
            String detail = "must be object if x-kubernetes-map-type is specified";
            errs.add(type.isEmpty() ? FieldErrors.required(path + ".type", detail)
                    : FieldErrors.invalid(path + ".type", type, detail));
        }
        if (mapType != null && !mapType.equals("atomic") && !mapType.equals("granular")) {
            errs.add(FieldErrors.notSupported(path + "." + Schemas.MAP_TYPE, mapType, List.of("atomic", "granular")));
        }
        String listType = string(s, Schemas.LIST_TYPE);
        JsonNode items = Schemas.items(s);
        if (listType != null && !type.equals("array")) {
            String detail = "must be array if x-kubernetes-list-type is specified";
            errs.add(type.isEmpty() ? FieldErrors.required(path + ".type", detail)
                    : FieldErrors.invalid(path + ".type", type, detail));
        } else if ("set".equals(listType) && items != null) {
            String itemListType = string(items, Schemas.LIST_TYPE);
            String itemMapType = string(items, Schemas.MAP_TYPE);
            String detail = "must be atomic as item of a list with x-kubernetes-list-type=set";
            if (Schemas.type(items).equals("array") && itemListType != null && !itemListType.equals("atomic")) {
                errs.add(FieldErrors.invalid(path + ".items." + Schemas.LIST_TYPE, itemListType, detail));
            } else if (Schemas.type(items).equals("object") && !"atomic".equals(itemMapType)) {
                errs.add(FieldErrors.invalid(path + ".items." + Schemas.MAP_TYPE, itemListType, detail));
            }
        }
        if (listType != null && !List.of("atomic", "set", "map").contains(listType)) {
            errs.add(FieldErrors.notSupported(path + "." + Schemas.LIST_TYPE, listType, List.of("atomic", "set", "map")));
        }
        List<String> keys = new ArrayList<>();
        JsonNode mapKeys = s.get(Schemas.LIST_MAP_KEYS);
        if (mapKeys != null && mapKeys.isArray()) {
            mapKeys.values().forEach(k -> keys.add(k.asString()));
        }
        if (!keys.isEmpty()) {
            String detail = "must be map if x-kubernetes-list-map-keys is non-empty";
            if (listType == null) {
                errs.add(FieldErrors.required(path + "." + Schemas.LIST_TYPE, detail));
            } else if (!listType.equals("map")) {
                errs.add(FieldErrors.invalid(path + "." + Schemas.LIST_TYPE, listType, detail));
            }
        }
        if ("map".equals(listType)) {
            listMap(s, path, keys, errs);
        }
        if (items != null && ("set".equals(listType) || "map".equals(listType))) {
            mapListKeysMapSet(items, path, listType, keys, errs);
        }
        JsonNode rules = s.get("x-kubernetes-validations");
        if (rules != null && rules.isArray()) {
            for (int i = 0; i < rules.size(); i++) {
                String rule = string(rules.get(i), "rule");
                if (rule == null || rule.isBlank()) {
                    errs.add(FieldErrors.required(path + ".x-kubernetes-validations[" + i + "].rule",
                            "rule is not specified"));
                }
            }
        }
    }

    private static void listMap(JsonNode s, String path, List<String> keys, List<Cause> errs) {
        if (keys.isEmpty()) {
            errs.add(FieldErrors.required(path + "." + Schemas.LIST_MAP_KEYS,
                    "must not be empty if x-kubernetes-list-type is map"));
        }
        JsonNode rawItems = s.get("items");
        if (rawItems == null || rawItems.isNull()) {
            errs.add(FieldErrors.required(path + ".items", "must have a schema if x-kubernetes-list-type is map"));
            return;
        }
        if (!rawItems.isObject()) {
            errs.add(FieldErrors.invalid(path + ".items", rawItems,
                    "must only have a single schema if x-kubernetes-list-type is map"));
            return;
        }
        String itemType = Schemas.type(rawItems);
        if (!itemType.equals("object")) {
            errs.add(FieldErrors.invalid(path + ".items.type", itemType,
                    "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String k : keys) {
            JsonNode prop = Schemas.property(rawItems, k);
            if (prop != null) {
                String t = Schemas.type(prop);
                if (t.equals("array") || t.equals("object")) {
                    errs.add(FieldErrors.invalid(path + ".items.properties[" + k + "].type", itemType,
                            "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
            } else {
                errs.add(FieldErrors.invalid(path + "." + Schemas.LIST_MAP_KEYS, stringSlice(keys),
                        "entries must all be names of item properties"));
            }
            if (!seen.add(k)) {
                errs.add(FieldErrors.invalid(path + "." + Schemas.LIST_MAP_KEYS, stringSlice(keys),
                        "must not contain duplicate entries"));
            }
        }
    }

    /** A []string as Go's %#v prints it. */
    private static Object stringSlice(List<String> keys) {
        List<String> quoted = new ArrayList<>();
        keys.forEach(k -> quoted.add(GoQuote.quote(k)));
        return new GoSyntax("[]string{" + String.join(", ", quoted) + "}");
    }

    /** A value already in Go syntax. */
    record GoSyntax(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static void mapListKeysMapSet(JsonNode items, String path, String listType, List<String> keys,
            List<Cause> errs) {
        if (Schemas.nullable(items)) {
            errs.add(FieldErrors.forbidden(path + ".items.nullable",
                    "cannot be nullable when x-kubernetes-list-type is " + listType));
        }
        if (!listType.equals("map")) {
            return;
        }
        Set<String> required = new HashSet<>();
        JsonNode req = items.get("required");
        if (req != null && req.isArray()) {
            req.values().forEach(r -> required.add(r.asString()));
        }
        for (String k : keys) {
            JsonNode prop = Schemas.property(items, k);
            if (prop == null) {
                continue;
            }
            String propPath = path + ".items.properties[" + k + "]";
            if (!required.contains(k) && (!prop.has("default") || prop.get("default").isNull())) {
                errs.add(FieldErrors.required(propPath + ".default", "this property is in x-kubernetes-list-map-keys,"
                        + " so it must have a default or be a required property"));
            }
            if (Schemas.nullable(prop)) {
                errs.add(FieldErrors.forbidden(propPath + ".nullable",
                        "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
            }
        }
    }
}
