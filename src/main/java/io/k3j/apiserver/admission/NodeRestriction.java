package io.k3j.apiserver.admission;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.authn.RequestUser;
import io.k3j.apiserver.authz.NodeIdentity;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.ResourceType;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's NodeRestriction (K3s enables it) for what the Node authorizer cannot see: the object
 * written. A node credential may create, update or delete only its own Node, may not change its
 * taints, nor set labels under {@code node-restriction.kubernetes.io/}; may create only mirror
 * pods bound to itself and delete only pods bound to itself; may write only the Lease named after
 * it in {@code kube-node-lease}. Other users are not affected. Status writes do not pass admission;
 * the Node authorizer checks those. Stateless.
 */
public final class NodeRestriction implements AdmissionPlugin {

    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    static final String RESTRICTED_LABEL_PREFIX = "node-restriction.kubernetes.io/";

    @Override
    public String name() {
        return "NodeRestriction";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && (type.resource().equals("nodes") || type.resource().equals("pods"))
                || type.group().equals("coordination.k8s.io") && type.resource().equals("leases");
    }

    @Override
    public void validate(Admission.Attributes a) {
        Optional<String> node = RequestUser.current().flatMap(NodeIdentity::nodeName);
        if (node.isEmpty()) {
            return;
        }
        String me = node.get();
        if (a.isCore("nodes")) {
            node(a, me);
        } else if (a.isCore("pods")) {
            pod(a, me);
        } else {
            String name = a.object() != null ? Meta.name(a.object()) : a.name();
            if (!"kube-node-lease".equals(a.namespace()) || !me.equals(name)) {
                throw AdmissionPlugin.forbidden(a, "can only access node lease with the same name as the requesting"
                        + " node");
            }
        }
    }

    private static void node(Admission.Attributes a, String me) {
        String name = a.object() != null ? Meta.name(a.object()) : a.name();
        if (!me.equals(name)) {
            throw AdmissionPlugin.forbidden(a, "node \"" + me + "\" is not allowed to modify node \"" + name + "\"");
        }
        if (a.object() == null) {
            return;
        }
        Map<String, String> labels = Meta.labels(a.object());
        Map<String, String> old = a.oldObject() == null ? Map.of() : Meta.labels(a.oldObject());
        TreeSet<String> restricted = new TreeSet<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().startsWith(RESTRICTED_LABEL_PREFIX) && !e.getValue().equals(old.get(e.getKey()))) {
                restricted.add(e.getKey());
            }
        }
        if (!restricted.isEmpty()) {
            throw AdmissionPlugin.forbidden(a, "is not allowed to modify labels: " + String.join(", ", restricted));
        }
        if (a.isUpdate() && !taints(a.object()).equals(taints(a.oldObject()))) {
            throw AdmissionPlugin.forbidden(a, "node \"" + me + "\" is not allowed to modify taints");
        }
    }

    /** The node's taints; absent, null and empty are the same. */
    private static JsonNode taints(ObjectNode node) {
        JsonNode t = node.path("spec").path("taints");
        return t.isArray() && !t.isEmpty() ? t : Json.MAPPER.createArrayNode();
    }

    private static void pod(Admission.Attributes a, String me) {
        switch (a.operation()) {
            case CREATE -> {
                ObjectNode pod = a.object();
                if (!pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
                    throw AdmissionPlugin.forbidden(a, "pod does not have \"" + MIRROR_ANNOTATION
                            + "\" annotation, node \"" + me + "\" can only create mirror pods");
                }
                if (!me.equals(pod.path("spec").path("nodeName").asString(""))) {
                    throw AdmissionPlugin.forbidden(a, "node \"" + me + "\" can only create pods with spec.nodeName"
                            + " set to itself");
                }
            }
            case DELETE -> {
                if (a.oldObject() != null && !me.equals(a.oldObject().path("spec").path("nodeName").asString(""))) {
                    throw AdmissionPlugin.forbidden(a, "node \"" + me + "\" can only delete pods with spec.nodeName"
                            + " set to itself");
                }
            }
            case UPDATE -> throw AdmissionPlugin.forbidden(a, "node \"" + me + "\" can only update pod status");
        }
    }
}
