package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Secrets and ConfigMaps share: upstream's IsConfigMapKey rules for data keys, the 1 MiB size limit, base64
 * decoding of byte maps and the "immutable" update rule. Stateless and thread-safe.
 */
final class ConfigKeys {

    /** Upstream core.MaxSecretSize, also used for ConfigMaps. */
    static final int MAX_SIZE = 1024 * 1024;

    private ConfigKeys() {
    }

    /** Upstream validation.IsConfigMapKey. */
    static List<String> keyErrors(String key) {
        List<String> errs = new ArrayList<>();
        if (key.length() > 253) {
            errs.add("must be no more than 253 characters");
        }
        if (!key.matches("[-._a-zA-Z0-9]+")) {
            errs.add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',"
                    + "  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }
        if (key.equals(".")) {
            errs.add("must not be '.'");
        } else if (key.equals("..")) {
            errs.add("must not be '..'");
        } else if (key.startsWith("..")) {
            errs.add("must not start with '..'");
        }
        return errs;
    }

    /** Validates the keys of map {@code field}; returns its total value size (decoded bytes when base64). */
    static long keys(ObjectNode obj, String field, boolean base64, List<Status.Cause> causes) {
        ObjectNode data = Trees.objectOrNull(obj, field);
        long total = 0;
        if (data == null) {
            return 0;
        }
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            String at = field + "[" + e.getKey() + "]";
            for (String err : keyErrors(e.getKey())) {
                causes.add(Causes.invalid(at, e.getKey(), err));
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            } else if (!v.isString()) {
                causes.add(Causes.invalid(at, base64 ? "<value omitted>" : v, "must be a string"));
            } else if (base64) {
                byte[] bytes = decode(v.stringValue());
                if (bytes == null) {
                    causes.add(Causes.invalid(at, "<value omitted>", "illegal base64 data"));
                } else {
                    total += bytes.length;
                }
            } else {
                total += v.stringValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return total;
    }

    /** Standard base64 (as Go's []byte JSON decoding accepts it), or null when malformed. */
    static byte[] decode(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The problems of an update to an immutable object (upstream: "field is immutable when `immutable` is set")
     * that changes {@code immutable} or one of the data {@code fields}; a missing map equals an empty one.
     */
    static List<Status.Cause> immutable(ObjectNode updated, ObjectNode old, String... fields) {
        List<Status.Cause> causes = new ArrayList<>();
        if (!old.path("immutable").asBoolean(false)) {
            return causes;
        }
        if (!updated.path("immutable").asBoolean(false)) {
            causes.add(Causes.forbidden("immutable", "field is immutable when `immutable` is set"));
        }
        for (String f : fields) {
            if (!Objects.equals(map(old, f), map(updated, f))) {
                causes.add(Causes.forbidden(f, "field is immutable when `immutable` is set"));
            }
        }
        return causes;
    }

    private static JsonNode map(ObjectNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() || v.isObject() && v.isEmpty() ? null : v;
    }
}
