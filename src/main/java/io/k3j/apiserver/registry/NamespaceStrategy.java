package io.k3j.apiserver.registry;

import io.k3j.api.Meta;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces: names are DNS-1123 labels, new ones get the "kubernetes" finalizer and phase
 * Active, deletion marks them Terminating until their content is gone.
 */
final class NamespaceStrategy implements GracefulDeletion {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = obj.get("spec") instanceof ObjectNode s ? s : obj.putObject("spec");
        spec.putArray("finalizers").add("kubernetes");
        obj.putObject("status").put("phase", "Active");
        nameLabelWithoutGeneration(obj, Meta.name(obj));
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        nameLabelWithoutGeneration(updated, Meta.name(old));
    }

    /** Every namespace carries its name as a label; namespaces have no generation. */
    private static void nameLabelWithoutGeneration(ObjectNode obj, String name) {
        ObjectNode meta = Meta.metadata(obj);
        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
        labels.put("kubernetes.io/metadata.name", name);
        meta.remove("generation");
    }

    @Override
    public List<String> selectableFields() {
        return List.of("status.phase");
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
