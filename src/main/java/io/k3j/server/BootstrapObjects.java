package io.k3j.server;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.apiserver.authz.BootstrapPolicy;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects every cluster starts with: upstream's bootstrap RBAC policy and PriorityClasses, the default, kube-system, kube-public and kube-node-lease
 * namespaces, and the {@code kubernetes} Service in default (first IP of the service CIDR) with
 * Endpoints pointing at this server. Idempotent: existing objects are left alone, except the
 * endpoints, which follow the server's address.
 */
public final class BootstrapObjects {

    private BootstrapObjects() {
    }

    /** Creates upstream's default ClusterRoles and ClusterRoleBindings that are missing. */
    public static void ensureRbac(Registry registry) {
        GenericStore roles = registry.store("rbac.authorization.k8s.io", "v1", "clusterroles");
        for (ObjectNode role : BootstrapPolicy.clusterRoles()) {
            createIfMissing(roles, null, role);
        }
        GenericStore bindings = registry.store("rbac.authorization.k8s.io", "v1", "clusterrolebindings");
        for (ObjectNode binding : BootstrapPolicy.clusterRoleBindings()) {
            createIfMissing(bindings, null, binding);
        }
    }

    /** Creates upstream's two built-in PriorityClasses when missing. */
    public static void ensurePriorityClasses(Registry registry) {
        GenericStore classes = registry.store("scheduling.k8s.io", "v1", "priorityclasses");
        createIfMissing(classes, null, priorityClass("system-node-critical", 2000001000,
                "For system pods that must stay on the node they run on."));
        createIfMissing(classes, null, priorityClass("system-cluster-critical", 2000000000,
                "For system pods the cluster needs, which may still be moved to another node."));
    }

    private static ObjectNode priorityClass(String name, int value, String description) {
        ObjectNode pc = Json.object();
        pc.putObject("metadata").put("name", name);
        pc.put("value", value);
        pc.put("globalDefault", false);
        pc.put("description", description);
        pc.put("preemptionPolicy", "PreemptLowerPriority");
        return pc;
    }

    public static void ensure(Registry registry, String serviceIp, String serverIp, int port) {
        GenericStore namespaces = registry.core("namespaces");
        for (String ns : new String[]{"default", "kube-system", "kube-public", "kube-node-lease"}) {
            ObjectNode o = Json.object();
            o.putObject("metadata").put("name", ns);
            createIfMissing(namespaces, null, o);
        }
        ObjectNode svc = Json.object();
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", "kubernetes");
        meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", serviceIp);
        spec.putArray("clusterIPs").add(serviceIp);
        spec.put("sessionAffinity", "None");
        spec.putArray("ipFamilies").add(serviceIp.contains(":") ? "IPv6" : "IPv4");
        spec.put("ipFamilyPolicy", "SingleStack");
        spec.put("internalTrafficPolicy", "Cluster");
        ObjectNode p = spec.putArray("ports").addObject();
        p.put("name", "https");
        p.put("port", 443);
        p.put("protocol", "TCP");
        p.put("targetPort", port);
        createIfMissing(registry.core("services"), "default", svc);

        ObjectNode ep = Json.object();
        ObjectNode epMeta = ep.putObject("metadata");
        epMeta.put("name", "kubernetes");
        epMeta.putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", serverIp);
        ObjectNode epPort = subset.putArray("ports").addObject();
        epPort.put("name", "https");
        epPort.put("port", port);
        epPort.put("protocol", "TCP");
        GenericStore endpoints = registry.core("endpoints");
        try {
            endpoints.get("default", "kubernetes");
            endpoints.patch("default", "kubernetes", current -> {
                current.set("subsets", ep.get("subsets"));
                return current;
            }, null, false);
        } catch (ApiException notFound) {
            createIfMissing(endpoints, "default", ep);
        }
        kubernetesSlice(registry.store("discovery.k8s.io", "v1", "endpointslices"), serverIp, port);
    }

    /** The EndpointSlice upstream's API server keeps beside the Endpoints: same name, kept by the API server. */
    private static void kubernetesSlice(GenericStore slices, String serverIp, int port) {
        ObjectNode slice = Json.object();
        ObjectNode meta = slice.putObject("metadata");
        meta.put("name", "kubernetes");
        // no managed-by label: the endpointslice controller leaves it alone (the service has no selector)
        meta.putObject("labels").put("kubernetes.io/service-name", "kubernetes");
        slice.put("addressType", serverIp.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(serverIp);
        endpoint.putObject("conditions").put("ready", true);
        ObjectNode p = slice.putArray("ports").addObject();
        p.put("name", "https");
        p.put("port", port);
        p.put("protocol", "TCP");
        try {
            slices.get("default", "kubernetes");
            slices.patch("default", "kubernetes", current -> {
                current.set("endpoints", slice.get("endpoints"));
                current.set("ports", slice.get("ports"));
                current.set("addressType", slice.get("addressType"));
                return current;
            }, null, false);
        } catch (ApiException notFound) {
            createIfMissing(slices, "default", slice);
        }
    }

    private static void createIfMissing(GenericStore store, String ns, ObjectNode obj) {
        try {
            store.create(ns, obj, false);
        } catch (ApiException e) {
            if (e.status().code() != 409) {
                throw e;
            }
        }
    }
}
