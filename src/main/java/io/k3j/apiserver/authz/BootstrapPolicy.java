package io.k3j.apiserver.authz;

import io.k3j.api.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's default RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, as its testdata
 * cluster-roles.yaml and cluster-role-bindings.yaml render it with default feature gates), as rbac/v1 JSON objects to
 * create at startup; the per-controller {@code system:controller:*} roles are not included. Stateless: every call
 * returns freshly built objects the caller may modify.
 */
public final class BootstrapPolicy {

    /** The label every bootstrap object carries. */
    public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
    /** The annotation that lets the server reconcile bootstrap objects on startup. */
    public static final String AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
    /** The label prefix of the aggregation labels; append "admin", "edit" or "view". */
    public static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";

    private static final String CORE = "";
    private static final String APPS = "apps";
    private static final String AUTHN = "authentication.k8s.io";
    private static final String AUTHZ = "authorization.k8s.io";
    private static final String AUTOSCALING = "autoscaling";
    private static final String BATCH = "batch";
    private static final String CERTIFICATES = "certificates.k8s.io";
    private static final String COORDINATION = "coordination.k8s.io";
    private static final String DISCOVERY = "discovery.k8s.io";
    private static final String EVENTS = "events.k8s.io";
    private static final String EXTENSIONS = "extensions";
    private static final String NETWORKING = "networking.k8s.io";
    private static final String NODE = "node.k8s.io";
    private static final String POLICY = "policy";
    private static final String STORAGE = "storage.k8s.io";

    private static final String[] READ = {"get", "list", "watch"};
    private static final String[] READ_WRITE =
        {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};
    private static final String[] WRITE = {"create", "update", "patch", "delete", "deletecollection"};

    private BootstrapPolicy() {
    }

    /** The bootstrap ClusterRoles; admin, edit and view carry an aggregationRule and empty rules. */
    public static List<ObjectNode> clusterRoles() {
        return List.of(
            role("cluster-admin",
                rule("*").groups("*").resources("*"),
                rule("*").urls("*")),
            aggregatedRole("admin", "admin", Map.of()),
            aggregatedRole("edit", "edit", Map.of(AGGREGATE_TO + "admin", "true")),
            aggregatedRole("view", "view", Map.of(AGGREGATE_TO + "edit", "true")),
            role("system:aggregate-to-admin", Map.of(AGGREGATE_TO + "admin", "true"),
                rule("create").groups(AUTHZ).resources("localsubjectaccessreviews"),
                rule(READ_WRITE).groups("rbac.authorization.k8s.io").resources("roles", "rolebindings")),
            role("system:aggregate-to-edit", Map.of(AGGREGATE_TO + "edit", "true"),
                rule(READ).groups(CORE).resources("pods/attach", "pods/proxy", "pods/exec", "pods/portforward",
                    "secrets", "services/proxy"),
                rule("impersonate").groups(CORE).resources("serviceaccounts"),
                rule(WRITE).groups(CORE).resources("pods", "pods/attach", "pods/proxy", "pods/exec",
                    "pods/portforward"),
                rule("create").groups(CORE).resources("pods/eviction"),
                rule(WRITE).groups(CORE).resources("replicationcontrollers", "replicationcontrollers/scale",
                    "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps",
                    "secrets", "events"),
                rule("create").groups(CORE).resources("serviceaccounts/token"),
                rule(WRITE).groups(APPS).resources("statefulsets", "statefulsets/scale", "daemonsets",
                    "deployments", "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale"),
                rule(WRITE).groups(AUTOSCALING).resources("horizontalpodautoscalers"),
                rule(WRITE).groups(BATCH).resources("jobs", "cronjobs"),
                rule(WRITE).groups(EXTENSIONS).resources("daemonsets", "deployments", "deployments/scale",
                    "deployments/rollback", "ingresses", "replicasets", "replicasets/scale",
                    "replicationcontrollers/scale", "networkpolicies"),
                rule(WRITE).groups(POLICY).resources("poddisruptionbudgets"),
                rule(WRITE).groups(NETWORKING).resources("networkpolicies", "ingresses"),
                rule(READ_WRITE).groups(COORDINATION).resources("leases")),
            role("system:aggregate-to-view", Map.of(AGGREGATE_TO + "view", "true"),
                rule(READ).groups(CORE).resources("pods", "replicationcontrollers", "replicationcontrollers/scale",
                    "serviceaccounts", "services", "services/status", "endpoints", "persistentvolumeclaims",
                    "persistentvolumeclaims/status", "configmaps"),
                rule(READ).groups(CORE).resources("limitranges", "resourcequotas", "bindings", "events",
                    "pods/status", "resourcequotas/status", "namespaces/status", "replicationcontrollers/status",
                    "pods/log"),
                rule(READ).groups(CORE).resources("namespaces"),
                rule(READ).groups(DISCOVERY).resources("endpointslices"),
                rule(READ).groups(APPS).resources("controllerrevisions", "statefulsets", "statefulsets/status",
                    "statefulsets/scale", "daemonsets", "daemonsets/status", "deployments", "deployments/status",
                    "deployments/scale", "replicasets", "replicasets/status", "replicasets/scale"),
                rule(READ).groups(AUTOSCALING).resources("horizontalpodautoscalers",
                    "horizontalpodautoscalers/status"),
                rule(READ).groups(BATCH).resources("jobs", "jobs/status", "cronjobs", "cronjobs/status"),
                rule(READ).groups(EXTENSIONS).resources("daemonsets", "daemonsets/status", "deployments",
                    "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "replicasets",
                    "replicasets/scale", "replicasets/status", "replicationcontrollers/scale", "networkpolicies"),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets", "poddisruptionbudgets/status"),
                rule(READ).groups(NETWORKING).resources("ingresses", "ingresses/status", "networkpolicies")),
            role("system:discovery",
                rule("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/", "/openapi",
                    "/openapi/*", "/api", "/api/*", "/apis", "/apis/*")),
            role("system:public-info-viewer",
                rule("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/")),
            role("system:monitoring",
                rule("get").urls("/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*",
                    "/readyz/*", "/healthz/*")),
            role("system:basic-user",
                rule("create").groups(AUTHZ).resources("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
                rule("create").groups(AUTHN).resources("selfsubjectreviews")),
            role("system:auth-delegator",
                rule("create").groups(AUTHN).resources("tokenreviews"),
                rule("create").groups(AUTHZ).resources("subjectaccessreviews")),
            role("system:heapster",
                rule(READ).groups(CORE).resources("events", "pods", "nodes", "namespaces"),
                rule(READ).groups(EXTENSIONS).resources("deployments")),
            role("system:node",
                rule("create").groups(AUTHN).resources("tokenreviews"),
                rule("create").groups(AUTHZ).resources("subjectaccessreviews", "localsubjectaccessreviews"),
                rule(READ).groups(CORE).resources("services"),
                rule("create", "get", "list", "watch").groups(CORE).resources("nodes"),
                rule("update", "patch").groups(CORE).resources("nodes/status"),
                rule("update", "patch").groups(CORE).resources("nodes"),
                rule("create", "update", "patch").groups(CORE).resources("events"),
                rule(READ).groups(CORE).resources("pods"),
                rule("create", "delete").groups(CORE).resources("pods"),
                rule("update", "patch").groups(CORE).resources("pods/status"),
                rule("create").groups(CORE).resources("pods/eviction"),
                rule(READ).groups(CORE).resources("secrets", "configmaps"),
                rule("get").groups(CORE).resources("persistentvolumeclaims", "persistentvolumes"),
                rule("get").groups(CORE).resources("endpoints"),
                rule("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests"),
                rule("get", "create", "update", "patch", "delete").groups(COORDINATION).resources("leases"),
                rule("get").groups(STORAGE).resources("volumeattachments"),
                rule("create").groups(CORE).resources("serviceaccounts/token"),
                rule("get", "update", "patch").groups(CORE).resources("persistentvolumeclaims/status"),
                rule(READ).groups(STORAGE).resources("csidrivers"),
                rule("get", "create", "update", "patch", "delete").groups(STORAGE).resources("csinodes"),
                rule(READ).groups(NODE).resources("runtimeclasses")),
            role("system:node-problem-detector",
                rule("get").groups(CORE).resources("nodes"),
                rule("patch").groups(CORE).resources("nodes/status"),
                eventsRule()),
            role("system:kubelet-api-admin",
                rule(READ).groups(CORE).resources("nodes"),
                rule("proxy").groups(CORE).resources("nodes"),
                rule("*").groups(CORE).resources("nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log")),
            role("system:node-bootstrapper",
                rule("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests")),
            role("system:node-proxier",
                rule("list", "watch").groups(CORE).resources("services", "endpoints"),
                rule(READ).groups(CORE).resources("nodes"),
                eventsRule(),
                rule("list", "watch").groups(DISCOVERY).resources("endpointslices")),
            role("system:kube-aggregator",
                rule(READ).groups(CORE).resources("services", "endpoints")),
            role("system:kube-controller-manager",
                eventsRule(),
                rule("create").groups(COORDINATION).resources("leases"),
                rule("get", "update").groups(COORDINATION).resources("leases").names("kube-controller-manager"),
                rule("create").groups(CORE).resources("secrets", "serviceaccounts"),
                rule("delete").groups(CORE).resources("secrets"),
                rule("get").groups(CORE).resources("namespaces", "secrets", "serviceaccounts", "configmaps"),
                rule("update").groups(CORE).resources("secrets", "serviceaccounts"),
                rule("create").groups(AUTHN).resources("tokenreviews"),
                rule("create").groups(AUTHZ).resources("subjectaccessreviews"),
                rule("list", "watch").groups("*").resources("*"),
                rule("create").groups(CORE).resources("serviceaccounts/token")),
            role("system:kube-dns",
                rule("list", "watch").groups(CORE).resources("endpoints", "services")),
            role("system:kube-scheduler",
                eventsRule(),
                rule("create").groups(COORDINATION).resources("leases"),
                rule("get", "update").groups(COORDINATION).resources("leases").names("kube-scheduler"),
                rule(READ).groups(CORE).resources("nodes"),
                rule("get", "list", "watch", "delete").groups(CORE).resources("pods"),
                rule("create").groups(CORE).resources("pods/binding", "bindings"),
                rule("patch", "update").groups(CORE).resources("pods/status"),
                rule(READ).groups(CORE).resources("replicationcontrollers", "services"),
                rule(READ).groups(APPS, EXTENSIONS).resources("replicasets"),
                rule(READ).groups(APPS).resources("statefulsets"),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets"),
                rule(READ).groups(CORE).resources("persistentvolumeclaims", "persistentvolumes"),
                rule("create").groups(AUTHN).resources("tokenreviews"),
                rule("create").groups(AUTHZ).resources("subjectaccessreviews"),
                rule(READ).groups(STORAGE).resources("csinodes"),
                rule(READ).groups(CORE).resources("namespaces"),
                rule(READ).groups(STORAGE).resources("csidrivers"),
                rule(READ).groups(STORAGE).resources("csistoragecapacities")),
            role("system:volume-scheduler",
                rule("get", "list", "watch", "patch", "update").groups(CORE).resources("persistentvolumes"),
                rule(READ).groups(STORAGE).resources("storageclasses"),
                rule("get", "list", "watch", "patch", "update").groups(CORE).resources("persistentvolumeclaims")),
            role("system:persistent-volume-provisioner",
                rule("get", "list", "watch", "create", "delete").groups(CORE).resources("persistentvolumes"),
                rule("get", "list", "watch", "update").groups(CORE).resources("persistentvolumeclaims"),
                rule(READ).groups(STORAGE).resources("storageclasses"),
                rule("watch").groups(CORE).resources("events"),
                eventsRule()),
            role("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                rule("create").groups(CERTIFICATES).resources("certificatesigningrequests/nodeclient")),
            role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                rule("create").groups(CERTIFICATES).resources("certificatesigningrequests/selfnodeclient")),
            signerApprover("kube-apiserver-client"),
            signerApprover("kube-apiserver-client-kubelet"),
            signerApprover("kubelet-serving"),
            signerApprover("legacy-unknown"),
            role("system:service-account-issuer-discovery",
                rule("get").urls("/.well-known/openid-configuration", "/openid/v1/jwks")));
    }

    /** The bootstrap ClusterRoleBindings; system:node is bound to no subject, as upstream. */
    public static List<ObjectNode> clusterRoleBindings() {
        return List.of(
            binding("cluster-admin", group("system:masters")),
            binding("system:monitoring", group("system:monitoring")),
            binding("system:discovery", group("system:authenticated")),
            binding("system:basic-user", group("system:authenticated")),
            binding("system:public-info-viewer", group("system:authenticated"), group("system:unauthenticated")),
            binding("system:node-proxier", user("system:kube-proxy")),
            binding("system:kube-controller-manager", user("system:kube-controller-manager")),
            binding("system:kube-dns", serviceAccount("kube-system", "kube-dns")),
            binding("system:kube-scheduler", user("system:kube-scheduler")),
            binding("system:volume-scheduler", user("system:kube-scheduler")),
            binding("system:node"),
            binding("system:service-account-issuer-discovery", group("system:serviceaccounts")));
    }

    private static ObjectNode role(String name, RuleBuilder... rules) {
        return role(name, Map.of(), rules);
    }

    private static ObjectNode role(String name, Map<String, String> labels, RuleBuilder... rules) {
        ObjectNode role = object("ClusterRole", name, labels);
        ArrayNode arr = role.putArray("rules");
        Arrays.stream(rules).forEach(r -> arr.add(r.build()));
        return role;
    }

    private static ObjectNode aggregatedRole(String name, String aggregateFrom, Map<String, String> labels) {
        ObjectNode role = role(name, labels);
        role.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
                .put(AGGREGATE_TO + aggregateFrom, "true");
        return role;
    }

    private static ObjectNode signerApprover(String signer) {
        return role("system:certificates.k8s.io:" + signer + "-approver",
            rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/" + signer));
    }

    private static RuleBuilder eventsRule() {
        return rule("create", "update", "patch").groups(CORE, EVENTS).resources("events");
    }

    private static ObjectNode binding(String role, ObjectNode... subjects) {
        ObjectNode binding = object("ClusterRoleBinding", role, Map.of());
        binding.putObject("roleRef").put("apiGroup", RbacAuthorizer.GROUP).put("kind", "ClusterRole")
                .put("name", role);
        if (subjects.length > 0) {
            ArrayNode arr = binding.putArray("subjects");
            Arrays.stream(subjects).forEach(arr::add);
        }
        return binding;
    }

    private static ObjectNode group(String name) {
        return Json.object().put("apiGroup", RbacAuthorizer.GROUP).put("kind", "Group").put("name", name);
    }

    private static ObjectNode user(String name) {
        return Json.object().put("apiGroup", RbacAuthorizer.GROUP).put("kind", "User").put("name", name);
    }

    private static ObjectNode serviceAccount(String namespace, String name) {
        return Json.object().put("kind", "ServiceAccount").put("name", name).put("namespace", namespace);
    }

    private static ObjectNode object(String kind, String name, Map<String, String> extraLabels) {
        ObjectNode obj = Json.object().put("apiVersion", RbacAuthorizer.GROUP + "/v1").put("kind", kind);
        ObjectNode meta = obj.putObject("metadata").put("name", name);
        ObjectNode labels = meta.putObject("labels").put(BOOTSTRAPPING_LABEL, "rbac-defaults");
        extraLabels.forEach(labels::put);
        meta.putObject("annotations").put(AUTOUPDATE_ANNOTATION, "true");
        return obj;
    }

    private static RuleBuilder rule(String... verbs) {
        return new RuleBuilder(List.of(verbs), List.of(), List.of(), List.of(), List.of());
    }

    /** An immutable PolicyRule under construction; lists are sorted on build, as upstream's rule builder does. */
    private record RuleBuilder(List<String> verbs, List<String> groups, List<String> resources, List<String> names,
                               List<String> urls) {

        RuleBuilder groups(String... g) {
            return new RuleBuilder(verbs, List.of(g), resources, names, urls);
        }

        RuleBuilder resources(String... r) {
            return new RuleBuilder(verbs, groups, List.of(r), names, urls);
        }

        RuleBuilder names(String... n) {
            return new RuleBuilder(verbs, groups, resources, List.of(n), urls);
        }

        RuleBuilder urls(String... u) {
            return new RuleBuilder(verbs, groups, resources, names, List.of(u));
        }

        ObjectNode build() {
            ObjectNode rule = Json.object();
            put(rule, "verbs", verbs);
            put(rule, "apiGroups", groups);
            put(rule, "resources", resources);
            put(rule, "resourceNames", names);
            put(rule, "nonResourceURLs", urls);
            return rule;
        }

        private static void put(ObjectNode rule, String field, List<String> values) {
            if (!values.isEmpty()) {
                ArrayNode arr = rule.putArray(field);
                values.stream().sorted().distinct().forEach(arr::add);
            }
        }
    }
}
