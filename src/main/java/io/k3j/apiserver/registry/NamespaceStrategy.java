package io.k3j.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces: names are DNS-1123 labels, new ones get the "kubernetes" finalizer and phase
 * Active, deletion marks them Terminating until their content is gone.
 */
final class NamespaceStrategy implements GracefulDeletion {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = obj.has("spec") && obj.get("spec").isObject() ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
        spec.putArray("finalizers").add("kubernetes");
        obj.putObject("status").put("phase", "Active");
        obj.get("metadata");
        ObjectNode labels = io.k3j.api.Meta.metadata(obj).has("labels") && io.k3j.api.Meta.metadata(obj).get("labels").isObject()
                ? (ObjectNode) io.k3j.api.Meta.metadata(obj).get("labels") : io.k3j.api.Meta.metadata(obj).putObject("labels");
        labels.put("kubernetes.io/metadata.name", io.k3j.api.Meta.name(obj));
        io.k3j.api.Meta.metadata(obj).remove("generation");
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        ObjectNode meta = io.k3j.api.Meta.metadata(updated);
        ObjectNode labels = meta.has("labels") && meta.get("labels").isObject()
                ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
        labels.put("kubernetes.io/metadata.name", io.k3j.api.Meta.name(old));
        meta.remove("generation");
    }

    @Override
    public boolean nameIsLabel() {
        return true;
    }

    @Override
    public void onDeletionMarked(ObjectNode obj) {
        obj.putObject("status").put("phase", "Terminating");
    }
}
