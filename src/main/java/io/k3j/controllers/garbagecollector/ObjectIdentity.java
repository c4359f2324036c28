package io.k3j.controllers.garbagecollector;

import io.k3j.api.Meta;
import tools.jackson.databind.node.ObjectNode;

/** Who a graph node is: apiVersion, kind, namespace ("" when cluster-scoped), name and uid. */
record ObjectIdentity(String apiVersion, String kind, String namespace, String name, String uid) {

    static ObjectIdentity of(ObjectNode object, String apiVersion, String kind) {
        String ns = Meta.namespace(object);
        return new ObjectIdentity(apiVersion, kind, ns == null ? "" : ns, Meta.name(object), Meta.uid(object));
    }

    /** The identity an owner reference names, in the dependent's namespace (upstream's rule). */
    static ObjectIdentity ofOwner(OwnerReference ref, String dependentNamespace) {
        return new ObjectIdentity(ref.apiVersion(), ref.kind(), dependentNamespace, ref.name(), ref.uid());
    }

    @Override
    public String toString() {
        return apiVersion + "/" + kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " (" + uid + ")";
    }
}
