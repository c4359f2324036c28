package io.k3j.apiserver.endpoints;

import io.k3j.api.Meta;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields each kind supports in field selectors, as upstream's per-kind field label
 * conversion functions allow; metadata.name and metadata.namespace work everywhere.
 */
final class SelectableFields {

    private SelectableFields() {
    }

    private static final Map<String, Set<String>> BY_RESOURCE = Map.of(
            "pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            "events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            "secrets", Set.of("type"),
            "namespaces", Set.of("status.phase"),
            "nodes", Set.of("spec.unschedulable"),
            "replicationcontrollers", Set.of("status.replicas"),
            "replicasets.apps", Set.of("status.replicas"),
            "jobs.batch", Set.of("status.successful"),
            "certificatesigningrequests.certificates.k8s.io", Set.of("spec.signerName"));

    static boolean supported(String qualifiedResource, String field) {
        return field.equals("metadata.name") || field.equals("metadata.namespace")
                || BY_RESOURCE.getOrDefault(qualifiedResource, Set.of()).contains(field);
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

    static List<String> all(String qualifiedResource) {
        return List.copyOf(BY_RESOURCE.getOrDefault(qualifiedResource, Set.of()));
    }
}
