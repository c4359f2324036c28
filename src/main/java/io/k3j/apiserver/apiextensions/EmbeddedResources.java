package io.k3j.apiserver.apiextensions;

import io.k3j.api.Status.Cause;
import io.k3j.api.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's checks of objects under {@code x-kubernetes-embedded-resource: true} (objectmeta validation):
 * {@code apiVersion} and {@code kind} are required and well-formed, {@code metadata} (optional) must be valid
 * object metadata. The resource root itself is left to the generic store. Stateless.
 */
final class EmbeddedResources {

    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private EmbeddedResources() {
    }

    static List<Cause> validate(JsonNode object, JsonNode schema) {
        List<Cause> out = new ArrayList<>();
        walk(null, object, schema, out);
        return out;
    }

    private static void walk(String path, JsonNode x, JsonNode s, List<Cause> out) {
        if (s == null) {
            return;
        }
        if (x.isObject()) {
            if (Schemas.embedded(s)) {
                embedded(path, x, out);
            }
            for (Map.Entry<String, JsonNode> e : x.properties()) {
                JsonNode prop = Schemas.property(s, e.getKey());
                if (prop != null) {
                    walk(ListTypes.child(path, e.getKey()), e.getValue(), prop, out);
                } else if (Schemas.hasAdditionalProperties(s)) {
                    walk(ListTypes.key(path, e.getKey()), e.getValue(), Schemas.additionalProperties(s), out);
                }
            }
        } else if (x.isArray()) {
            int i = 0;
            for (JsonNode v : x.values()) {
                walk((path == null ? "" : path) + "[" + i++ + "]", v, Schemas.items(s), out);
            }
        }
    }

    private static void embedded(String path, JsonNode x, List<Cause> out) {
        String apiVersionPath = ListTypes.child(path, "apiVersion");
        String kindPath = ListTypes.child(path, "kind");
        if (!x.has("apiVersion")) {
            out.add(FieldErrors.required(apiVersionPath, ""));
        }
        if (!x.has("kind")) {
            out.add(FieldErrors.required(kindPath, ""));
        }
        for (Map.Entry<String, JsonNode> e : x.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "apiVersion" -> {
                    if (!v.isString()) {
                        out.add(FieldErrors.invalid(apiVersionPath, v, "must be a string"));
                    } else if (v.stringValue().isEmpty()) {
                        out.add(FieldErrors.required(apiVersionPath, ""));
                    } else if (v.stringValue().chars().filter(c -> c == '/').count() > 1) {
                        out.add(FieldErrors.invalid(apiVersionPath, v,
                                "unexpected GroupVersion string: " + v.stringValue()));
                    }
                }
                case "kind" -> {
                    if (!v.isString()) {
                        out.add(FieldErrors.invalid(kindPath, v, "must be a string"));
                    } else if (v.stringValue().isEmpty()) {
                        out.add(FieldErrors.required(kindPath, ""));
                    } else if (!dns1035(v.stringValue().toLowerCase(Locale.ROOT)).isEmpty()) {
                        out.add(FieldErrors.invalid(kindPath, v, "may have mixed case, but should otherwise match: "
                                + String.join(",", dns1035(v.stringValue().toLowerCase(Locale.ROOT)))));
                    }
                }
                case "metadata" -> metadata(ListTypes.child(path, "metadata"), v, out);
                default -> {
                }
            }
        }
    }

    private static List<String> dns1035(String s) {
        List<String> errs = new ArrayList<>();
        if (s.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!DNS1035.matcher(s).matches()) {
            errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
                    + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123',"
                    + " regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        return errs;
    }

    private static void metadata(String path, JsonNode meta, List<Cause> out) {
        if (!meta.isObject()) {
            out.add(FieldErrors.invalid(path, meta, "must be an object"));
            return;
        }
        JsonNode name = meta.get("name");
        if (name != null && name.isString() && !name.stringValue().isEmpty()) {
            for (String err : Validation.pathSegment(name.stringValue())) {
                out.add(FieldErrors.invalid(path + ".name", name, err));
            }
        }
        JsonNode ns = meta.get("namespace");
        if (ns != null && ns.isString() && !ns.stringValue().isEmpty()) {
            for (String err : Validation.dns1123Label(ns.stringValue())) {
                out.add(FieldErrors.invalid(path + ".namespace", ns, err));
            }
        }
        List<Cause> meta2 = new ArrayList<>();
        Validation.labels(strings(meta.get("labels")), meta2);
        Validation.annotations(strings(meta.get("annotations")), meta2);
        for (Cause c : meta2) {
            out.add(new Cause(c.reason(), c.message(), path + c.field().substring("metadata".length())));
        }
    }

    private static Map<String, String> strings(JsonNode m) {
        Map<String, String> result = new LinkedHashMap<>();
        if (m != null && m.isObject()) {
            m.properties().forEach(e -> result.put(e.getKey(), e.getValue().asString()));
        }
        return result;
    }
}
