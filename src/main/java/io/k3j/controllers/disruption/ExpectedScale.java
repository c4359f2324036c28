package io.k3j.controllers.disruption;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.controllers.Owners;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The replicas the controllers of a budget's pods ask for (upstream's getExpectedScale and its
 * finders): a ReplicaSet owned by a Deployment counts the Deployment's spec.replicas, other
 * ReplicaSets, ReplicationControllers and StatefulSets their own, any other kind its scale
 * subresource. Each controller counts once.
 */
final class ExpectedScale {

    /** A pod of the budget has no controller, or its controller cannot be read. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private ExpectedScale() {
    }

    static int of(ApiClient client, List<ObjectNode> pods) throws Failure {
        Map<String, Integer> controllers = new LinkedHashMap<>();
        for (ObjectNode pod : pods) {
            Optional<ObjectNode> ref = Owners.controllerOf(pod);
            if (ref.isEmpty()) {
                throw new Failure("found no controller ref for pod \"" + Meta.name(pod) + "\"");
            }
            String uid = ref.get().path("uid").asString("");
            if (controllers.containsKey(uid)) {
                continue;
            }
            controllers.put(uid, replicas(client, Meta.namespace(pod), ref.get()));
        }
        return controllers.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static int replicas(ApiClient client, String ns, JsonNode ref) throws Failure {
        String apiVersion = ref.path("apiVersion").asString("");
        String kind = ref.path("kind").asString("");
        String name = ref.path("name").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        try {
            if (group.equals("apps") && kind.equals("ReplicaSet")) {
                ObjectNode rs = client.get(Resource.of("apps", "v1", "replicasets"), ns, name);
                checkUid(rs, ref);
                Optional<ObjectNode> owner = Owners.controllerOf(rs);
                if (owner.isPresent() && owner.get().path("kind").asString("").equals("Deployment")) {
                    ObjectNode d = client.get(Resource.of("apps", "v1", "deployments"), ns,
                            owner.get().path("name").asString(""));
                    return d.path("spec").path("replicas").asInt(1);
                }
                return rs.path("spec").path("replicas").asInt(1);
            }
            if (group.equals("apps") && kind.equals("StatefulSet")) {
                ObjectNode ss = client.get(Resource.of("apps", "v1", "statefulsets"), ns, name);
                checkUid(ss, ref);
                return ss.path("spec").path("replicas").asInt(1);
            }
            if (group.isEmpty() && kind.equals("ReplicationController")) {
                ObjectNode rc = client.get(Resource.core("replicationcontrollers"), ns, name);
                checkUid(rc, ref);
                return rc.path("spec").path("replicas").asInt(1);
            }
            String plural = kind.toLowerCase(Locale.ROOT) + (kind.endsWith("s") ? "es" : "s");
            ObjectNode scale = client.get(Resource.of(group, version, plural), ns, name, "scale");
            return scale.path("spec").path("replicas").asInt(0);
        } catch (ApiException e) {
            throw new Failure("cannot read the scale of " + kind + " " + ns + "/" + name + ": "
                    + e.status().message());
        }
    }

    private static void checkUid(ObjectNode controller, JsonNode ref) throws Failure {
        if (!Meta.uid(controller).equals(ref.path("uid").asString(""))) {
            throw new Failure("the controller " + Meta.name(controller) + " of a pod was replaced");
        }
    }
}
