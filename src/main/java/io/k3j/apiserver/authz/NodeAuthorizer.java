package io.k3j.apiserver.authz;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's Node authorizer (K3s runs {@code --authorization-mode=Node,RBAC}), with the checks of
 * the NodeRestriction admission plugin that need only the request's target. A node credential
 * ({@link NodeIdentity}) may do what the bootstrap {@code system:node} ClusterRole allows, narrowed
 * to what concerns its own node:
 * <ul>
 *   <li>secrets and config maps: read one by name, only when a pod bound to the node uses it;
 *       persistent volume claims (and their status) and volumes likewise; volume attachments of the
 *       node; service account tokens for accounts its pods run as;</li>
 *   <li>its own Node object only (read, update, patch, status); creates pass here and are checked by
 *       NodeRestriction admission, which sees the name;</li>
 *   <li>Leases in {@code kube-node-lease} and CSINodes named after it;</li>
 *   <li>pod status writes, evictions and deletions only for pods bound to it.</li>
 * </ul>
 * Anything else is the role's rules. A request this does not allow gets no opinion (with
 * upstream's reason) and goes to {@code next}, as upstream's union of authorizers does; any other
 * user goes to {@code next} directly. Thread-safe when the graph is.
 */
public final class NodeAuthorizer implements Authorizer {

    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    private static final String CORE = "";
    private static final String STORAGE = "storage.k8s.io";
    private static final String COORDINATION = "coordination.k8s.io";

    private final NodeGraph graph;
    private final Authorizer next;
    private final JsonNode nodeRules;

    public NodeAuthorizer(NodeGraph graph, Authorizer next) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.next = next;
        this.nodeRules = BootstrapPolicy.clusterRoles().stream()
                .filter(r -> "system:node".equals(r.path("metadata").path("name").asString("")))
                .findFirst().orElseThrow().get("rules");
    }

    @Override
    public boolean allowed(Attributes a) {
        return authorize(a).allowed();
    }

    @Override
    public Decision authorize(Attributes a) {
        Optional<String> node = NodeIdentity.nodeName(a.user());
        if (node.isEmpty()) {
            return next == null ? Decision.NO_OPINION : next.authorize(a);
        }
        Decision mine = decide(node.get(), a);
        if (mine.allowed() || next == null) {
            return mine;
        }
        Decision theirs = next.authorize(a);
        if (theirs.allowed() || mine.reason().isEmpty()) {
            return theirs;
        }
        return new Decision(false, theirs.reason().isEmpty() ? mine.reason() : mine.reason() + "\n" + theirs.reason());
    }

    /** This authorizer's own answer for node {@code node}. */
    Decision decide(String node, Attributes a) {
        if (!a.resourceRequest()) {
            return byRules(a);
        }
        String group = a.apiGroup() == null ? CORE : a.apiGroup();
        String resource = a.resource() == null ? "" : a.resource();
        String sub = a.subresource() == null ? "" : a.subresource();
        if (group.equals(CORE)) {
            switch (resource) {
                case "secrets" -> {
                    return readReferenced(node, a, PodReferences::secrets);
                }
                case "configmaps" -> {
                    return readReferenced(node, a, PodReferences::configMaps);
                }
                case "persistentvolumeclaims" -> {
                    if (sub.equals("status")) {
                        return !List.of("get", "update", "patch").contains(a.verb())
                                ? deny("can only get, update or patch the status of a persistent volume claim")
                                : related(node, a, referencedBy(node, a.namespace(), PodReferences::claims, a.name()));
                    }
                    return getOnly(node, a, referencedBy(node, a.namespace(), PodReferences::claims, a.name()));
                }
                case "persistentvolumes" -> {
                    return getOnly(node, a, a.name() != null && usesVolume(node, a.name()));
                }
                case "serviceaccounts" -> {
                    if (!sub.equals("token") || !a.verb().equals("create") || a.name() == null) {
                        return deny("can only create tokens for individual service accounts");
                    }
                    return related(node, a, podsOn(node, a.namespace()).stream()
                            .anyMatch(p -> PodReferences.serviceAccount(p).equals(a.name())));
                }
                case "nodes" -> {
                    return ownNode(node, a);
                }
                case "pods" -> {
                    return pod(node, a, sub);
                }
                default -> {
                    return byRules(a);
                }
            }
        }
        if (group.equals(COORDINATION) && resource.equals("leases")) {
            return namedAfterNode(node, a, NODE_LEASE_NAMESPACE, "node lease");
        }
        if (group.equals(STORAGE) && resource.equals("csinodes")) {
            return namedAfterNode(node, a, null, "CSINode");
        }
        if (group.equals(STORAGE) && resource.equals("volumeattachments")) {
            ObjectNode va = a.name() == null ? null : graph.find(STORAGE, "volumeattachments", null, a.name());
            return getOnly(node, a, va != null && node.equals(va.path("spec").path("nodeName").asString("")));
        }
        return byRules(a);
    }

    private Decision byRules(Attributes a) {
        return RbacAuthorizer.rulesAllow(nodeRules, a) ? new Decision(true, "") : Decision.NO_OPINION;
    }

    private static Decision deny(String reason) {
        return new Decision(false, reason);
    }

    private static Decision noRelationship(String node) {
        return deny("no relationship found between node '" + node + "' and this object");
    }

    private Decision related(String node, Attributes a, boolean related) {
        return related ? byRules(a) : noRelationship(node);
    }

    private Decision readReferenced(String node, Attributes a, Function<ObjectNode, Set<String>> refs) {
        if (!List.of("get", "list", "watch").contains(a.verb())) {
            return deny("can only read resources of this type");
        }
        if (a.subresource() != null && !a.subresource().isEmpty()) {
            return deny("cannot read subresource");
        }
        if (a.name() == null || a.name().isEmpty()) {
            return deny("No Object name found");
        }
        return related(node, a, referencedBy(node, a.namespace(), refs, a.name()));
    }

    private Decision getOnly(String node, Attributes a, boolean related) {
        if (!a.verb().equals("get")) {
            return deny("can only get individual resources of this type");
        }
        if (a.subresource() != null && !a.subresource().isEmpty()) {
            return deny("cannot get subresource");
        }
        return related(node, a, related);
    }

    private Decision ownNode(String node, Attributes a) {
        if (a.verb().equals("create")) {
            return byRules(a);
        }
        if (a.name() == null || a.name().isEmpty()) {
            return deny("node '" + node + "' cannot " + a.verb() + " all nodes, only its own Node object");
        }
        if (!a.name().equals(node)) {
            return deny("node '" + node + "' cannot " + a.verb() + " '" + a.name() + "', only its own Node object");
        }
        return byRules(a);
    }

    private Decision pod(String node, Attributes a, String sub) {
        boolean write = sub.equals("status") && List.of("update", "patch").contains(a.verb())
                || sub.equals("eviction") && a.verb().equals("create")
                || sub.isEmpty() && a.verb().equals("delete");
        if (!write) {
            return byRules(a);
        }
        ObjectNode pod = a.name() == null ? null : graph.find(CORE, "pods", a.namespace(), a.name());
        if (pod == null) {
            return byRules(a); // nothing to protect: the request will find no pod
        }
        if (!node.equals(pod.path("spec").path("nodeName").asString(""))) {
            return deny("node '" + node + "' can only " + (sub.isEmpty() ? "delete pods" : sub.equals("status")
                    ? "update the status of pods" : "evict pods") + " bound to it");
        }
        return byRules(a);
    }

    private Decision namedAfterNode(String node, Attributes a, String namespace, String what) {
        if (!List.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
            return deny("can only get, create, update, patch, or delete a " + what);
        }
        if (namespace != null && !namespace.equals(a.namespace())) {
            return deny("can only access leases in the " + namespace + " namespace");
        }
        if (!a.verb().equals("create") && !node.equals(a.name())) {
            return deny("can only access " + what + " with the same name as the requesting node");
        }
        return byRules(a);
    }

    private List<ObjectNode> podsOn(String node, String namespace) {
        return graph.pods(namespace).stream()
                .filter(p -> node.equals(p.path("spec").path("nodeName").asString(""))).toList();
    }

    private boolean referencedBy(String node, String namespace, Function<ObjectNode, Set<String>> refs, String name) {
        if (name == null || namespace == null) {
            return false;
        }
        return podsOn(node, namespace).stream().anyMatch(p -> refs.apply(p).contains(name));
    }

    private boolean usesVolume(String node, String volume) {
        for (ObjectNode pod : podsOn(node, null)) {
            String ns = pod.path("metadata").path("namespace").asString("");
            for (String claim : PodReferences.claims(pod)) {
                ObjectNode pvc = graph.find(CORE, "persistentvolumeclaims", ns, claim);
                if (pvc != null && volume.equals(pvc.path("spec").path("volumeName").asString(""))) {
                    return true;
                }
            }
        }
        return false;
    }
}
