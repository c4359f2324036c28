package io.k3j.controllers.replicaset;

import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.client.Resource;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What differs between ReplicaSets and ReplicationControllers for the replica controller: the
 * resource, kind, controller and event component names, and how the selector is read (a
 * metav1.LabelSelector, or a plain label map).
 */
public record ReplicaKind(Resource resource, String kind, String controllerName, String component,
                          Function<ObjectNode, LabelSelector> selector) {

    public static final ReplicaKind REPLICA_SET = new ReplicaKind(Resource.of("apps", "v1", "replicasets"),
            "ReplicaSet", "replicaset", "replicaset-controller",
            o -> LabelSelector.fromJson(o.path("spec").get("selector")));

    public static final ReplicaKind REPLICATION_CONTROLLER = new ReplicaKind(Resource.core("replicationcontrollers"),
            "ReplicationController", "replicationcontroller", "replication-controller",
            ReplicaKind::mapSelector);

    public String apiVersion() {
        return resource.apiVersion();
    }

    /** A ReplicationController's selector map (a missing or empty one selects nothing). */
    private static LabelSelector mapSelector(ObjectNode rc) {
        JsonNode map = rc.path("spec").path("selector");
        if (!map.isObject() || map.isEmpty()) {
            return LabelSelector.nothing();
        }
        ObjectNode selector = Json.object();
        selector.set("matchLabels", map.deepCopy());
        return LabelSelector.fromJson(selector);
    }
}
