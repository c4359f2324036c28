package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ConfigMaps (core/v1): upstream's ValidateConfigMap (valid config keys in data and binaryData, no key in both,
 * at most 1 MiB in total) and, for immutable ConfigMaps, rejection of updates to data, binaryData or immutable.
 * Stateless and thread-safe.
 */
public final class ConfigMapStrategy implements Strategy {

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        Causes.reject("", "ConfigMap", old, ConfigKeys.immutable(updated, old, "data", "binaryData"));
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        long total = ConfigKeys.keys(obj, "data", false, causes);
        ObjectNode data = Trees.objectOrNull(obj, "data");
        ObjectNode binary = Trees.objectOrNull(obj, "binaryData");
        if (data != null && binary != null) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                if (binary.has(e.getKey())) {
                    causes.add(Causes.invalid("data[" + e.getKey() + "]", e.getKey(),
                            "duplicate of key present in binaryData"));
                }
            }
        }
        total += ConfigKeys.keys(obj, "binaryData", true, causes);
        if (total > ConfigKeys.MAX_SIZE) {
            causes.add(Causes.tooLong("", ConfigKeys.MAX_SIZE));
        }
        return causes;
    }
}
