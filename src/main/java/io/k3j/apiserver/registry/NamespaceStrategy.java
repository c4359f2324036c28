package io.k3j.apiserver.registry;

import io.k3j.api.Meta;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces: names are DNS-1123 labels, new ones get the "kubernetes" finalizer and phase
 * Active, deletion marks them Terminating until the namespace controller has removed their content and
 * the "kubernetes" finalizer (through namespaces/{name}/finalize).
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
        // spec.finalizers change only through the finalize subresource
        ObjectNode spec = updated.get("spec") instanceof ObjectNode s ? s : updated.putObject("spec");
        tools.jackson.databind.JsonNode finalizers = old.path("spec").get("finalizers");
        if (finalizers == null) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", finalizers.deepCopy());
        }
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

    /** The namespace stays while spec.finalizers (the namespace controller's "kubernetes") is not empty. */
    @Override
    public boolean holdsDeletion(ObjectNode obj) {
        return !obj.path("spec").path("finalizers").isEmpty();
    }

    @Override
    public void onDeletionMarked(ObjectNode obj) {
        obj.putObject("status").put("phase", "Terminating");
    }
}
