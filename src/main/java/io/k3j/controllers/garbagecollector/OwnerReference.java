package io.k3j.controllers.garbagecollector;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One entry of metadata.ownerReferences: who owns an object, and whether it blocks the owner's foreground deletion. */
record OwnerReference(String apiVersion, String kind, String name, String uid, boolean controller,
                      boolean blockOwnerDeletion) {

    /** The owner references of an object (entries without a uid are ignored, as nothing can resolve them). */
    static List<OwnerReference> of(ObjectNode object) {
        List<OwnerReference> out = new ArrayList<>();
        for (JsonNode r : object.path("metadata").path("ownerReferences")) {
            String uid = r.path("uid").asString("");
            if (uid.isEmpty()) {
                continue;
            }
            out.add(new OwnerReference(r.path("apiVersion").asString(""), r.path("kind").asString(""),
                    r.path("name").asString(""), uid, r.path("controller").asBoolean(false),
                    r.path("blockOwnerDeletion").asBoolean(false)));
        }
        return out;
    }

    /** Upstream's rendering in events: {@code [apps/v1/ReplicaSet, namespace: ns, name: x, uid: …]}. */
    String describe(String namespace) {
        return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name + ", uid: " + uid + "]";
    }
}
