package io.k3j.apiserver.authz;

import static io.k3j.apiserver.authz.RbacAuthorizerTest.binding;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.res;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.subject;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Meta;
import io.k3j.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class BootstrapPolicyTest {

    private static final UserInfo ADMIN = new UserInfo("root", List.of("system:masters", UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of("system:unauthenticated"));

    private final RbacAuthorizerTest.FakeSource source = new RbacAuthorizerTest.FakeSource()
            .addAll(BootstrapPolicy.clusterRoles()).addAll(BootstrapPolicy.clusterRoleBindings());
    private final RbacAuthorizer authz = new RbacAuthorizer(source);

    private boolean can(UserInfo user, String verb, String group, String resource, String ns) {
        return authz.allowed(res(user, verb, group, resource, null, ns, null));
    }

    private void bind(String role, String namespace, String user) {
        source.add(binding("RoleBinding", namespace, user + "-" + role, "ClusterRole", role, subject("User", user)));
    }

    @Test
    void everyObjectIsAWellFormedBootstrapObject() {
        List<ObjectNode> all = new ArrayList<>(BootstrapPolicy.clusterRoles());
        all.addAll(BootstrapPolicy.clusterRoleBindings());
        for (ObjectNode o : all) {
            assertThat(o.path("apiVersion").asString()).isEqualTo("rbac.authorization.k8s.io/v1");
            assertThat(o.path("kind").asString()).isIn("ClusterRole", "ClusterRoleBinding");
            assertThat(Meta.labels(o)).containsEntry("kubernetes.io/bootstrapping", "rbac-defaults");
            assertThat(Meta.stringMap(o, "annotations"))
                    .containsEntry("rbac.authorization.kubernetes.io/autoupdate", "true");
            assertThat(Meta.namespace(o)).isNull();
        }
        List<String> roleNames = BootstrapPolicy.clusterRoles().stream().map(Meta::name).toList();
        assertThat(roleNames).doesNotHaveDuplicates().contains("cluster-admin", "admin", "edit", "view",
                "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view",
                "system:discovery", "system:basic-user", "system:public-info-viewer", "system:monitoring",
                "system:node", "system:node-proxier", "system:kube-scheduler", "system:kube-controller-manager");
        for (ObjectNode b : BootstrapPolicy.clusterRoleBindings()) {
            assertThat(roleNames).contains(b.path("roleRef").path("name").asString());
            assertThat(b.path("roleRef").path("kind").asString()).isEqualTo("ClusterRole");
        }
        assertThat(BootstrapPolicy.clusterRoleBindings().stream().map(Meta::name)).doesNotHaveDuplicates();
        assertThat(BootstrapPolicy.clusterRoles()).isNotSameAs(BootstrapPolicy.clusterRoles());
    }

    @Test
    void bindsUpstreamsDefaultSubjects() {
        assertThat(subjects("cluster-admin")).containsExactly("Group:system:masters");
        assertThat(subjects("system:discovery")).containsExactly("Group:system:authenticated");
        assertThat(subjects("system:basic-user")).containsExactly("Group:system:authenticated");
        assertThat(subjects("system:public-info-viewer"))
                .containsExactly("Group:system:authenticated", "Group:system:unauthenticated");
        assertThat(subjects("system:node-proxier")).containsExactly("User:system:kube-proxy");
        assertThat(subjects("system:kube-scheduler")).containsExactly("User:system:kube-scheduler");
        assertThat(subjects("system:kube-controller-manager")).containsExactly("User:system:kube-controller-manager");
        assertThat(subjects("system:monitoring")).containsExactly("Group:system:monitoring");
        assertThat(subjects("system:node")).isEmpty();
    }

    private static List<String> subjects(String binding) {
        ObjectNode b = BootstrapPolicy.clusterRoleBindings().stream().filter(o -> binding.equals(Meta.name(o)))
                .findFirst().orElseThrow();
        List<String> out = new ArrayList<>();
        for (JsonNode s : b.path("subjects")) {
            out.add(s.path("kind").asString() + ":" + s.path("name").asString());
        }
        return out;
    }

    @Test
    void mastersMayDoAnything() {
        assertThat(can(ADMIN, "delete", "", "secrets", "kube-system")).isTrue();
        assertThat(can(ADMIN, "escalate", "rbac.authorization.k8s.io", "clusterroles", null)).isTrue();
        assertThat(authz.allowed(res(ADMIN, "create", "", "pods", "exec", "ns", "p"))).isTrue();
        assertThat(authz.allowed(url(ADMIN, "post", "/logs/anything"))).isTrue();
    }

    @Test
    void authenticatedUsersGetDiscoveryAndSelfReviewsOnly() {
        for (String path : List.of("/api", "/api/v1", "/apis", "/apis/apps/v1", "/version", "/healthz",
                "/readyz", "/livez", "/openapi/v3")) {
            assertThat(authz.allowed(url(ALICE, "get", path))).as(path).isTrue();
        }
        assertThat(authz.allowed(url(ALICE, "get", "/metrics"))).isFalse();
        assertThat(authz.allowed(url(ALICE, "post", "/api"))).isFalse();
        assertThat(can(ALICE, "create", "authorization.k8s.io", "selfsubjectaccessreviews", null)).isTrue();
        assertThat(can(ALICE, "create", "authorization.k8s.io", "selfsubjectrulesreviews", "ns")).isTrue();
        assertThat(can(ALICE, "create", "authentication.k8s.io", "selfsubjectreviews", null)).isTrue();
        assertThat(can(ALICE, "create", "authorization.k8s.io", "subjectaccessreviews", null)).isFalse();
        assertThat(can(ALICE, "list", "", "pods", "default")).isFalse();
        assertThat(can(ALICE, "list", "", "namespaces", null)).isFalse();
    }

    @Test
    void anonymousUsersSeeOnlyPublicInfo() {
        assertThat(authz.allowed(url(ANONYMOUS, "get", "/version"))).isTrue();
        assertThat(authz.allowed(url(ANONYMOUS, "get", "/version/"))).isTrue();
        assertThat(authz.allowed(url(ANONYMOUS, "get", "/healthz"))).isTrue();
        assertThat(authz.allowed(url(ANONYMOUS, "get", "/healthz/etcd"))).isFalse();
        assertThat(authz.allowed(url(ANONYMOUS, "get", "/api"))).isFalse();
        assertThat(can(ANONYMOUS, "create", "authorization.k8s.io", "selfsubjectaccessreviews", null)).isFalse();
    }

    @Test
    void viewReadsItsNamespaceButNotSecretsAndCannotWrite() {
        bind("view", "ns", "alice");
        assertThat(can(ALICE, "list", "", "pods", "ns")).isTrue();
        assertThat(can(ALICE, "watch", "apps", "deployments", "ns")).isTrue();
        assertThat(can(ALICE, "get", "", "configmaps", "ns")).isTrue();
        assertThat(authz.allowed(res(ALICE, "get", "", "pods", "log", "ns", "p"))).isTrue();
        assertThat(can(ALICE, "list", "", "pods", "other")).isFalse();
        assertThat(can(ALICE, "list", "", "pods", null)).isFalse();
        assertThat(can(ALICE, "create", "", "configmaps", "ns")).isFalse();
        assertThat(can(ALICE, "get", "", "secrets", "ns")).isFalse();
        assertThat(authz.allowed(res(ALICE, "create", "", "pods", "exec", "ns", "p"))).isFalse();
    }

    @Test
    void editWritesWorkloadsButNotRbac() {
        bind("edit", "ns", "alice");
        assertThat(can(ALICE, "create", "apps", "deployments", "ns")).isTrue();
        assertThat(authz.allowed(res(ALICE, "update", "apps", "deployments", "scale", "ns", "d"))).isTrue();
        assertThat(can(ALICE, "create", "", "configmaps", "ns")).isTrue();
        assertThat(can(ALICE, "get", "", "secrets", "ns")).isTrue();
        assertThat(can(ALICE, "list", "", "pods", "ns")).isTrue(); // through view
        assertThat(can(ALICE, "create", "apps", "deployments", "other")).isFalse();
        assertThat(can(ALICE, "create", "rbac.authorization.k8s.io", "rolebindings", "ns")).isFalse();
        assertThat(can(ALICE, "update", "", "resourcequotas", "ns")).isFalse();
    }

    @Test
    void adminAddsRbacWithinTheNamespace() {
        bind("admin", "ns", "alice");
        assertThat(can(ALICE, "create", "rbac.authorization.k8s.io", "rolebindings", "ns")).isTrue();
        assertThat(can(ALICE, "create", "authorization.k8s.io", "localsubjectaccessreviews", "ns")).isTrue();
        assertThat(can(ALICE, "delete", "batch", "jobs", "ns")).isTrue(); // through edit
        assertThat(can(ALICE, "get", "", "pods", "ns")).isTrue(); // through edit and view
        assertThat(can(ALICE, "create", "rbac.authorization.k8s.io", "clusterroles", null)).isFalse();
    }

    @Test
    void aggregatedRolesMatchTheirSources() {
        List<ObjectNode> roles = BootstrapPolicy.clusterRoles();
        assertThat(RbacAuthorizer.aggregatedRules(role("view"), roles))
                .containsExactlyElementsOf(rulesOf("system:aggregate-to-view"));
        assertThat(RbacAuthorizer.aggregatedRules(role("edit"), roles)).containsExactlyElementsOf(
                Stream.concat(rulesOf("system:aggregate-to-edit").stream(),
                        rulesOf("system:aggregate-to-view").stream()).toList());
        assertThat(RbacAuthorizer.aggregatedRules(role("admin"), roles)).hasSize(
                rulesOf("system:aggregate-to-admin").size() + rulesOf("system:aggregate-to-edit").size()
                        + rulesOf("system:aggregate-to-view").size());
        assertThat(role("admin").path("rules").isEmpty()).isTrue();
    }

    private static ObjectNode role(String name) {
        return BootstrapPolicy.clusterRoles().stream().filter(o -> name.equals(Meta.name(o))).findFirst()
                .orElseThrow();
    }

    private static List<ObjectNode> rulesOf(String name) {
        List<ObjectNode> out = new ArrayList<>();
        role(name).path("rules").forEach(r -> out.add((ObjectNode) r));
        return out;
    }

    @Test
    void systemComponentsHoldTheirUpstreamPowers() {
        UserInfo proxy = new UserInfo("system:kube-proxy", List.of(UserInfo.ALL_AUTHENTICATED));
        assertThat(can(proxy, "watch", "discovery.k8s.io", "endpointslices", null)).isTrue();
        assertThat(can(proxy, "list", "", "services", null)).isTrue();
        assertThat(can(proxy, "create", "", "services", "ns")).isFalse();

        UserInfo scheduler = new UserInfo("system:kube-scheduler", List.of(UserInfo.ALL_AUTHENTICATED));
        assertThat(authz.allowed(res(scheduler, "create", "", "pods", "binding", "ns", "p"))).isTrue();
        assertThat(authz.allowed(res(scheduler, "update", "coordination.k8s.io", "leases", null, "kube-system",
                "kube-scheduler"))).isTrue();
        assertThat(authz.allowed(res(scheduler, "update", "coordination.k8s.io", "leases", null, "kube-system",
                "kube-controller-manager"))).isFalse();
        assertThat(can(scheduler, "patch", "", "persistentvolumes", null)).isTrue(); // system:volume-scheduler

        UserInfo kcm = new UserInfo("system:kube-controller-manager", List.of(UserInfo.ALL_AUTHENTICATED));
        assertThat(can(kcm, "list", "example.com", "widgets", null)).isTrue();
        assertThat(can(kcm, "delete", "", "pods", "ns")).isFalse();

        UserInfo monitor = new UserInfo("prometheus", List.of("system:monitoring", UserInfo.ALL_AUTHENTICATED));
        assertThat(authz.allowed(url(monitor, "get", "/metrics"))).isTrue();
        assertThat(authz.allowed(url(monitor, "get", "/readyz/etcd"))).isTrue();
        assertThat(authz.allowed(url(ALICE, "get", "/readyz/etcd"))).isFalse();
    }

    @Test
    void nodeRoleCoversTheKubeletOnceBound() {
        UserInfo node = new UserInfo("system:node:n1", List.of("system:nodes", UserInfo.ALL_AUTHENTICATED));
        assertThat(can(node, "get", "", "nodes", null)).isFalse(); // upstream binds system:node to nobody
        source.add(binding("ClusterRoleBinding", null, "nodes", "ClusterRole", "system:node",
                subject("Group", "system:nodes")));
        assertThat(can(node, "create", "", "nodes", null)).isTrue();
        assertThat(authz.allowed(res(node, "patch", "", "nodes", "status", null, "n1"))).isTrue();
        assertThat(authz.allowed(res(node, "update", "", "pods", "status", "ns", "p"))).isTrue();
        assertThat(can(node, "watch", "", "pods", null)).isTrue();
        assertThat(can(node, "create", "", "events", "ns")).isTrue();
        assertThat(authz.allowed(res(node, "update", "coordination.k8s.io", "leases", null, "kube-node-lease",
                "n1"))).isTrue();
        assertThat(can(node, "delete", "", "nodes", null)).isFalse();
        assertThat(can(node, "create", "", "secrets", "ns")).isFalse();
    }

    @Test
    void rulesForReportsTheBasicUserGrants() {
        Set<String> resources = authz.rulesFor(ALICE, "ns").resourceRules().stream()
                .flatMap(r -> r.path("resources").valueStream()).map(JsonNode::asString).collect(Collectors.toSet());
        assertThat(resources).containsExactlyInAnyOrder("selfsubjectaccessreviews", "selfsubjectrulesreviews",
                "selfsubjectreviews");
    }
}
