package io.k3j.apiserver.endpoints;

import io.k3j.api.Meta;
import io.k3j.apiserver.registry.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields each kind supports in field selectors (declared by its strategy, as upstream's
 * per-kind field label conversion functions allow) and how their values are read.
 */
final class SelectableFields {

    private SelectableFields() {
    }

    /** Whether {@code type} can filter on {@code field}: metadata.name/namespace, or what its strategy declares. */
    static boolean supported(ResourceType type, String field) {
        return field.equals("metadata.name") || field.equals("metadata.namespace")
                || type.strategy().selectableFields().contains(field);
    }

    /** The value a field selector compares against (upstream's conventions for absent and boolean fields). */
    static String value(ObjectNode obj, String field) {
        if (field.equals("metadata.namespace")) {
            String ns = Meta.namespace(obj);
            return ns == null ? "" : ns;
        }
        if (field.equals("source")) {
            String s = Meta.field(obj, "source.component");
            return s == null ? "" : s;
        }
        String v = Meta.field(obj, field);
        if (v == null) {
            return switch (field) {
                case "spec.hostNetwork", "spec.unschedulable" -> "false";
                default -> "";
            };
        }
        return v;
    }
}
