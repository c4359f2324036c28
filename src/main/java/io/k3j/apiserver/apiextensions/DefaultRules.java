package io.k3j.apiserver.apiextensions;

import io.k3j.api.Status.Cause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's checks of {@code default} values in a structural schema (defaulting's ValidateDefaults): each
 * default must be pruned already ({@code must not have unknown fields}), be a valid embedded resource where
 * the schema is one, and validate against its own schema, errors reported under {@code <path>.default}.
 * Defaults under {@code additionalProperties} are not visited (they are forbidden elsewhere only inside
 * metadata). Stateless.
 */
final class DefaultRules {

    private static final Set<String> META_FIELDS = Set.of("metadata", "kind", "apiVersion");

    private DefaultRules() {
    }

    static List<Cause> check(String path, JsonNode root) {
        List<Cause> errs = new ArrayList<>();
        walk(path, root, false, true, errs);
        return errs;
    }

    private static void walk(String path, JsonNode s, boolean insideMeta, boolean resourceRoot, List<Cause> errs) {
        if (s == null || !s.isObject()) {
            return;
        }
        boolean embedded = resourceRoot || Schemas.embedded(s);
        if (Schemas.embedded(s)) {
            insideMeta = false;
        }
        JsonNode def = s.get("default");
        if (def != null && !def.isNull()) {
            String defPath = path + ".default";
            if (insideMeta) {
                errs.addAll(SchemaValidator.validateValue(def, s, defPath));
            } else {
                JsonNode pruned = def.deepCopy();
                Pruning.prune(pruned, s, embedded);
                if (!Schemas.goEquals(pruned, def)) {
                    errs.add(FieldErrors.invalid(defPath, def, "must not have unknown fields"));
                }
                List<Cause> meta = EmbeddedResources.validate(def, s).stream()
                        .map(c -> new Cause(c.reason(), c.message(),
                                defPath + (c.field().startsWith("[") ? "" : ".") + c.field())).toList();
                errs.addAll(meta.isEmpty() ? SchemaValidator.validateValue(def, s, defPath) : meta);
            }
        }
        JsonNode items = Schemas.items(s);
        if (items != null) {
            walk(path + ".items", items, insideMeta, false, errs);
        }
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                boolean subInsideMeta = insideMeta || (embedded && META_FIELDS.contains(p.getKey()));
                walk(path + ".properties[" + p.getKey() + "]", p.getValue(), subInsideMeta, false, errs);
            }
        }
    }
}
