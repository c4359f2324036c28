package io.k3j.controllers;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Owner references: the controlling one, and new ones pointing at an owner. */
public final class Owners {

    private Owners() {
    }

    /** The owner reference with {@code controller: true}, if any (upstream's metav1.GetControllerOf). */
    public static Optional<ObjectNode> controllerOf(ObjectNode object) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false) && ref instanceof ObjectNode o) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code object} is controlled by the object with {@code uid}. */
    public static boolean isControlledBy(ObjectNode object, String uid) {
        return controllerOf(object).map(r -> r.path("uid").asString("").equals(uid)).orElse(false);
    }

    /**
     * A controlling owner reference to {@code owner} with {@code blockOwnerDeletion: true}, as
     * upstream's metav1.NewControllerRef.
     */
    public static ObjectNode controllerRef(ObjectNode owner, String apiVersion, String kind) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", Meta.name(owner));
        ref.put("uid", Meta.uid(owner));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }
}
