package io.k3j.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class RbacAuthorizerTest {

    /** An in-memory {@link RbacSource}; objects are routed by kind and metadata.namespace. Not thread-safe. */
    static final class FakeSource implements RbacSource {
        final List<ObjectNode> objects = new ArrayList<>();

        FakeSource add(ObjectNode... objs) {
            objects.addAll(List.of(objs));
            return this;
        }

        FakeSource addAll(List<ObjectNode> objs) {
            objects.addAll(objs);
            return this;
        }

        private List<ObjectNode> of(String kind, String namespace) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asString()))
                    .filter(o -> Objects.equals(namespace, Meta.namespace(o))).toList();
        }

        @Override
        public List<ObjectNode> clusterRoles() {
            return of("ClusterRole", null);
        }

        @Override
        public List<ObjectNode> clusterRoleBindings() {
            return of("ClusterRoleBinding", null);
        }

        @Override
        public List<ObjectNode> roles(String namespace) {
            return of("Role", namespace);
        }

        @Override
        public List<ObjectNode> roleBindings(String namespace) {
            return of("RoleBinding", namespace);
        }

        @Override
        public ObjectNode clusterRole(String name) {
            return clusterRoles().stream().filter(o -> name.equals(Meta.name(o))).findFirst().orElse(null);
        }

        @Override
        public ObjectNode role(String namespace, String name) {
            return roles(namespace).stream().filter(o -> name.equals(Meta.name(o))).findFirst().orElse(null);
        }
    }

    static final UserInfo ALICE = new UserInfo("alice", List.of("dev", UserInfo.ALL_AUTHENTICATED));
    static final UserInfo BOB = new UserInfo("bob", List.of(UserInfo.ALL_AUTHENTICATED));

    private final FakeSource source = new FakeSource();
    private final RbacAuthorizer authz = new RbacAuthorizer(source);

    // ---- object and request builders shared with BootstrapPolicyTest ----

    static ObjectNode rule(List<String> verbs, List<String> groups, List<String> resources) {
        ObjectNode r = Json.object();
        verbs.forEach(r.putArray("verbs")::add);
        groups.forEach(r.putArray("apiGroups")::add);
        resources.forEach(r.putArray("resources")::add);
        return r;
    }

    static ObjectNode urlRule(List<String> verbs, List<String> urls) {
        ObjectNode r = Json.object();
        verbs.forEach(r.putArray("verbs")::add);
        urls.forEach(r.putArray("nonResourceURLs")::add);
        return r;
    }

    static ObjectNode role(String kind, String namespace, String name, ObjectNode... rules) {
        ObjectNode o = Json.object().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        List.of(rules).forEach(o.putArray("rules")::add);
        return o;
    }

    static ObjectNode binding(String kind, String namespace, String name, String refKind, String refName,
                              ObjectNode... subjects) {
        ObjectNode o = role(kind, namespace, name);
        o.remove("rules");
        o.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", refKind).put("name", refName);
        List.of(subjects).forEach(o.putArray("subjects")::add);
        return o;
    }

    static ObjectNode subject(String kind, String name) {
        return Json.object().put("kind", kind).put("name", name);
    }

    static Attributes res(UserInfo user, String verb, String group, String resource, String sub, String ns,
                          String name) {
        return new Attributes(user, verb, true, group, resource, sub, ns, name, "/unused");
    }

    static Attributes url(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, false, null, null, null, null, null, path);
    }

    private boolean can(UserInfo user, String verb, String resource, String ns) {
        return authz.allowed(res(user, verb, "", resource, null, ns, null));
    }

    private ObjectNode podReader() {
        return role("ClusterRole", null, "pod-reader", rule(List.of("get", "list"), List.of(""), List.of("pods")));
    }

    // ---- tests ----

    @Test
    void deniesWithoutBindings() {
        source.add(podReader());
        assertThat(can(ALICE, "get", "pods", "ns")).isFalse();
        assertThat(authz.rulesFor(ALICE, "ns")).isEqualTo(new RuleResolver.Rules(List.of(), List.of(), false, ""));
    }

    @Test
    void clusterRoleBindingGrantsInEveryNamespaceAndAtClusterScope() {
        source.add(podReader(), binding("ClusterRoleBinding", null, "b", "ClusterRole", "pod-reader",
                subject("User", "alice")));
        assertThat(can(ALICE, "get", "pods", "a")).isTrue();
        assertThat(can(ALICE, "list", "pods", "b")).isTrue();
        assertThat(can(ALICE, "list", "pods", null)).isTrue();
        assertThat(can(ALICE, "delete", "pods", "a")).isFalse();
        assertThat(can(ALICE, "get", "services", "a")).isFalse();
        assertThat(authz.allowed(res(ALICE, "get", "apps", "pods", null, "a", null))).isFalse();
        assertThat(can(BOB, "get", "pods", "a")).isFalse();
    }

    @Test
    void roleBindingToClusterRoleGrantsOnlyInItsNamespace() {
        source.add(podReader(), binding("RoleBinding", "ns", "b", "ClusterRole", "pod-reader",
                subject("User", "alice")));
        assertThat(can(ALICE, "get", "pods", "ns")).isTrue();
        assertThat(can(ALICE, "get", "pods", "other")).isFalse();
        assertThat(can(ALICE, "list", "pods", null)).isFalse();
        assertThat(can(ALICE, "list", "pods", "")).isFalse();
    }

    @Test
    void roleBindingToRoleUsesTheRoleOfItsOwnNamespace() {
        ObjectNode cmReader = rule(List.of("get"), List.of(""), List.of("configmaps"));
        ObjectNode secretReader = rule(List.of("get"), List.of(""), List.of("secrets"));
        source.add(role("Role", "ns", "r", cmReader), role("Role", "other", "r", secretReader),
                binding("RoleBinding", "ns", "b", "Role", "r", subject("User", "alice")),
                binding("RoleBinding", "ns", "dangling", "Role", "missing", subject("User", "alice")));
        assertThat(can(ALICE, "get", "configmaps", "ns")).isTrue();
        assertThat(can(ALICE, "get", "secrets", "ns")).isFalse();
        assertThat(can(ALICE, "get", "configmaps", "other")).isFalse();
        assertThat(authz.rulesFor(ALICE, "ns").resourceRules()).containsExactly(cmReader);
        assertThat(authz.rulesFor(ALICE, "ns").evaluationError())
                .isEqualTo("role.rbac.authorization.k8s.io \"missing\" not found");
    }

    @Test
    void clusterRoleBindingToRoleAndUnknownRefKindsGrantNothing() {
        source.add(role("Role", "ns", "r", rule(List.of("*"), List.of("*"), List.of("*"))),
                role("ClusterRole", null, "r", rule(List.of("*"), List.of("*"), List.of("*"))),
                binding("ClusterRoleBinding", null, "b1", "Role", "r", subject("User", "alice")),
                binding("RoleBinding", "ns", "b2", "clusterrole", "r", subject("User", "alice")));
        assertThat(can(ALICE, "get", "pods", "ns")).isFalse();
    }

    @Test
    void wildcardsMatchAnyVerbGroupAndResource() {
        source.add(role("ClusterRole", null, "all-apps", rule(List.of("*"), List.of("apps"), List.of("*"))),
                role("ClusterRole", null, "get-any", rule(List.of("get"), List.of("*"), List.of("widgets"))),
                binding("ClusterRoleBinding", null, "b1", "ClusterRole", "all-apps", subject("User", "alice")),
                binding("ClusterRoleBinding", null, "b2", "ClusterRole", "get-any", subject("User", "alice")));
        assertThat(authz.allowed(res(ALICE, "escalate", "apps", "deployments", "scale", "ns", "d"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "get", "example.com", "widgets", null, "ns", "w"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "get", "", "widgets", null, null, null))).isTrue();
        assertThat(authz.allowed(res(ALICE, "list", "example.com", "widgets", null, "ns", null))).isFalse();
        assertThat(authz.allowed(res(ALICE, "get", "batch", "jobs", null, "ns", null))).isFalse();
    }

    @Test
    void subresourcesNeedExactOrStarSlashRules() {
        source.add(role("ClusterRole", null, "r",
                        rule(List.of("get"), List.of(""), List.of("pods", "pods/log", "services/*")),
                        rule(List.of("update"), List.of("*"), List.of("*/scale"))),
                binding("ClusterRoleBinding", null, "b", "ClusterRole", "r", subject("User", "alice")));
        assertThat(authz.allowed(res(ALICE, "get", "", "pods", "log", "ns", "p"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "get", "", "pods", "exec", "ns", "p"))).isFalse();
        assertThat(authz.allowed(res(ALICE, "update", "apps", "deployments", "scale", "ns", "d"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "update", "apps", "deployments", null, "ns", "d"))).isFalse();
        assertThat(authz.allowed(res(ALICE, "update", "apps", "deployments", "status", "ns", "d"))).isFalse();
        // upstream has no "resource/*" wildcard: it matches neither the subresources nor the resource
        assertThat(authz.allowed(res(ALICE, "get", "", "services", "proxy", "ns", "s"))).isFalse();
        assertThat(authz.allowed(res(ALICE, "get", "", "services", null, "ns", "s"))).isFalse();
    }

    @Test
    void resourceNamesRestrictToNamedRequests() {
        ObjectNode named = rule(List.of("get", "update", "list", "watch", "create", "delete", "deletecollection"),
                List.of(""), List.of("configmaps"));
        named.putArray("resourceNames").add("cfg");
        source.add(role("ClusterRole", null, "r", named),
                binding("RoleBinding", "ns", "b", "ClusterRole", "r", subject("User", "alice")));
        assertThat(authz.allowed(res(ALICE, "get", "", "configmaps", null, "ns", "cfg"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "update", "", "configmaps", null, "ns", "cfg"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "watch", "", "configmaps", null, "ns", "cfg"))).isTrue();
        assertThat(authz.allowed(res(ALICE, "get", "", "configmaps", null, "ns", "other"))).isFalse();
        // requests without a name never match a rule with resourceNames
        assertThat(authz.allowed(res(ALICE, "list", "", "configmaps", null, "ns", null))).isFalse();
        assertThat(authz.allowed(res(ALICE, "watch", "", "configmaps", null, "ns", ""))).isFalse();
        assertThat(authz.allowed(res(ALICE, "create", "", "configmaps", null, "ns", null))).isFalse();
        assertThat(authz.allowed(res(ALICE, "deletecollection", "", "configmaps", null, "ns", null))).isFalse();
    }

    @Test
    void groupSubjectsMatchAnyMember() {
        source.add(podReader(), binding("ClusterRoleBinding", null, "b", "ClusterRole", "pod-reader",
                subject("Group", "dev")));
        assertThat(can(ALICE, "get", "pods", "ns")).isTrue();
        assertThat(can(BOB, "get", "pods", "ns")).isFalse();
        assertThat(can(new UserInfo("dev", List.of()), "get", "pods", "ns")).isFalse();
    }

    @Test
    void subjectKindsAreCaseSensitiveAndUnknownKindsNeverMatch() {
        source.add(podReader(), binding("ClusterRoleBinding", null, "b", "ClusterRole", "pod-reader",
                subject("user", "alice"), subject("group", "dev"), subject("Robot", "alice")));
        assertThat(can(ALICE, "get", "pods", "ns")).isFalse();
    }

    @Test
    void serviceAccountSubjectsUseTheirNamespaceOrTheBindingsNamespace() {
        UserInfo sa = new UserInfo("system:serviceaccount:ns:builder",
                List.of("system:serviceaccounts", "system:serviceaccounts:ns", UserInfo.ALL_AUTHENTICATED));
        UserInfo otherSa = new UserInfo("system:serviceaccount:other:builder", List.of(UserInfo.ALL_AUTHENTICATED));
        source.add(podReader(),
                role("ClusterRole", null, "svc-reader", rule(List.of("get"), List.of(""), List.of("services"))),
                role("ClusterRole", null, "cm-reader", rule(List.of("get"), List.of(""), List.of("configmaps"))),
                binding("ClusterRoleBinding", null, "explicit", "ClusterRole", "pod-reader",
                        subject("ServiceAccount", "builder").put("namespace", "ns")),
                binding("RoleBinding", "ns", "defaulted", "ClusterRole", "svc-reader",
                        subject("ServiceAccount", "builder")),
                binding("ClusterRoleBinding", null, "no-namespace", "ClusterRole", "cm-reader",
                        subject("ServiceAccount", "builder")));
        assertThat(can(sa, "get", "pods", "anywhere")).isTrue();
        assertThat(can(otherSa, "get", "pods", "anywhere")).isFalse();
        assertThat(can(sa, "get", "services", "ns")).isTrue();
        assertThat(can(sa, "get", "services", "other")).isFalse();
        assertThat(can(sa, "get", "configmaps", "ns")).isFalse();
        assertThat(can(new UserInfo("builder", List.of()), "get", "pods", "ns")).isFalse();
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByStarPrefix() {
        source.add(role("ClusterRole", null, "urls",
                        urlRule(List.of("get"), List.of("/healthz", "/apis/*", "/logs**"))),
                role("ClusterRole", null, "res", rule(List.of("*"), List.of("*"), List.of("*"))),
                binding("ClusterRoleBinding", null, "b", "ClusterRole", "urls", subject("User", "alice")),
                binding("ClusterRoleBinding", null, "c", "ClusterRole", "res", subject("User", "bob")));
        assertThat(authz.allowed(url(ALICE, "get", "/healthz"))).isTrue();
        assertThat(authz.allowed(url(ALICE, "get", "/healthz/etcd"))).isFalse();
        assertThat(authz.allowed(url(ALICE, "post", "/healthz"))).isFalse();
        assertThat(authz.allowed(url(ALICE, "get", "/apis/apps/v1"))).isTrue();
        assertThat(authz.allowed(url(ALICE, "get", "/apis/"))).isTrue();
        assertThat(authz.allowed(url(ALICE, "get", "/apis"))).isFalse();
        assertThat(authz.allowed(url(ALICE, "get", "/logs/kubelet.log"))).isTrue();
        // resource rules never grant paths, URL rules never grant resources
        assertThat(authz.allowed(url(BOB, "get", "/healthz"))).isFalse();
        assertThat(authz.allowed(res(ALICE, "get", "", "healthz", null, null, null))).isFalse();

        source.add(role("ClusterRole", null, "all-urls", urlRule(List.of("*"), List.of("*"))),
                binding("ClusterRoleBinding", null, "d", "ClusterRole", "all-urls", subject("User", "bob")));
        assertThat(authz.allowed(url(BOB, "delete", "/anything/at/all"))).isTrue();
    }

    private static ObjectNode labeled(ObjectNode obj, String key) {
        ((ObjectNode) obj.get("metadata")).putObject("labels").put(key, "true");
        return obj;
    }

    private static ObjectNode aggregating(String name, String key) {
        ObjectNode role = role("ClusterRole", null, name);
        role.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
                .put(key, "true");
        return role;
    }

    @Test
    void aggregatedClusterRolesAreEvaluatedOnTheFly() {
        ObjectNode view = aggregating("view", "agg-view");
        ((ArrayNode) view.get("rules")).add(rule(List.of("*"), List.of("*"), List.of("*"))); // stale rules are ignored
        source.add(view, labeled(role("ClusterRole", null, "system:aggregate-to-view",
                        rule(List.of("get", "list"), List.of(""), List.of("pods"))), "agg-view"),
                binding("RoleBinding", "ns", "b", "ClusterRole", "view", subject("User", "alice")));
        assertThat(can(ALICE, "list", "pods", "ns")).isTrue();
        assertThat(can(ALICE, "list", "services", "ns")).isFalse();
        assertThat(can(ALICE, "delete", "pods", "ns")).isFalse();

        source.add(labeled(role("ClusterRole", null, "more-view",
                rule(List.of("list"), List.of(""), List.of("services"))), "agg-view"));
        assertThat(can(ALICE, "list", "services", "ns")).isTrue();
    }

    @Test
    void aggregationNestsAndSurvivesCycles() {
        ObjectNode edit = labeled(aggregating("edit", "agg-edit"), "agg-admin");
        ObjectNode view = labeled(aggregating("view", "agg-view"), "agg-edit");
        ObjectNode loop = labeled(aggregating("loop", "agg-admin"), "agg-view"); // admin -> edit -> view -> loop -> edit
        source.add(aggregating("admin", "agg-admin"), edit, view, loop,
                labeled(role("ClusterRole", null, "v", rule(List.of("get"), List.of(""), List.of("pods"))), "agg-view"),
                labeled(role("ClusterRole", null, "e", rule(List.of("create"), List.of(""), List.of("pods"))),
                        "agg-edit"),
                binding("ClusterRoleBinding", null, "b", "ClusterRole", "admin", subject("User", "alice")));
        assertThat(can(ALICE, "get", "pods", "ns")).isTrue();
        assertThat(can(ALICE, "create", "pods", "ns")).isTrue();
        assertThat(RbacAuthorizer.aggregatedRules(source.clusterRole("admin"), source.clusterRoles()))
                .containsExactlyInAnyOrder(rule(List.of("create"), List.of(""), List.of("pods")),
                        rule(List.of("get"), List.of(""), List.of("pods")));
    }

    @Test
    void aggregatedRulesAreTheDeduplicatedUnionInNameOrderExcludingItself() {
        ObjectNode a = rule(List.of("get"), List.of(""), List.of("pods"));
        ObjectNode b = rule(List.of("list"), List.of(""), List.of("pods"));
        ObjectNode self = labeled(aggregating("self", "x"), "x");
        ((ArrayNode) self.get("aggregationRule").get("clusterRoleSelectors")).addObject().putArray("matchExpressions").addObject()
                .put("key", "y").put("operator", "Exists");
        ObjectNode reordered = Json.object();
        reordered.set("apiGroups", a.get("apiGroups"));
        reordered.set("resources", a.get("resources"));
        reordered.set("verbs", a.get("verbs"));
        reordered.putArray("resourceNames"); // empty lists are the same as absent ones
        List<ObjectNode> all = List.of(self,
                labeled(role("ClusterRole", null, "zz", b, a), "x"),
                labeled(role("ClusterRole", null, "aa", a), "x"),
                labeled(role("ClusterRole", null, "mm", reordered), "y"),
                role("ClusterRole", null, "unlabeled", rule(List.of("*"), List.of("*"), List.of("*"))));
        assertThat(RbacAuthorizer.aggregatedRules(self, all)).containsExactly(a, b);

        ObjectNode plain = role("ClusterRole", null, "plain", b);
        assertThat(RbacAuthorizer.aggregatedRules(plain, all)).containsExactly(b);
        ObjectNode none = role("ClusterRole", null, "none");
        none.putObject("aggregationRule");
        assertThat(RbacAuthorizer.aggregatedRules(none, all)).isEmpty();
    }

    @Test
    void rulesForListsClusterAndNamespaceGrants() {
        ObjectNode pods = rule(List.of("get"), List.of(""), List.of("pods"));
        ObjectNode cms = rule(List.of("get"), List.of(""), List.of("configmaps"));
        ObjectNode urls = urlRule(List.of("get"), List.of("/version"));
        source.add(role("ClusterRole", null, "p", pods, urls), role("Role", "ns", "c", cms),
                binding("ClusterRoleBinding", null, "b1", "ClusterRole", "p", subject("Group", "dev")),
                binding("RoleBinding", "ns", "b2", "Role", "c", subject("User", "alice")),
                binding("RoleBinding", "other", "b3", "ClusterRole", "p", subject("User", "alice")));
        assertThat(authz.rulesFor(ALICE, "ns").resourceRules()).containsExactly(pods, cms);
        assertThat(authz.rulesFor(ALICE, "ns").nonResourceRules()).containsExactly(urls);
        assertThat(authz.rulesFor(ALICE, null).resourceRules()).containsExactly(pods);
        assertThat(authz.rulesFor(ALICE, "other").resourceRules()).containsExactly(pods, pods);
        assertThat(authz.rulesFor(ALICE, "other").nonResourceRules()).containsExactly(urls, urls);
        assertThat(authz.rulesFor(BOB, "ns").resourceRules()).isEmpty();
    }

    @Test
    void toleratesMalformedObjects() {
        ObjectNode broken = Json.object().put("kind", "ClusterRoleBinding");
        broken.putObject("metadata").put("name", "broken");
        broken.put("subjects", "alice");
        ObjectNode noRef = binding("ClusterRoleBinding", null, "noref", "ClusterRole", "x", subject("User", "alice"));
        noRef.remove("roleRef");
        ObjectNode badRules = role("ClusterRole", null, "bad");
        badRules.put("rules", 5);
        source.add(broken, noRef, badRules,
                binding("ClusterRoleBinding", null, "b", "ClusterRole", "bad", subject("User", "alice")));
        assertThat(can(ALICE, "get", "pods", "ns")).isFalse();
        assertThat(authz.rulesFor(ALICE, "ns").resourceRules()).isEmpty();
        assertThat(authz.rulesFor(ALICE, "ns").evaluationError()).isEqualTo("unsupported role reference kind: \"\"");
    }
}
