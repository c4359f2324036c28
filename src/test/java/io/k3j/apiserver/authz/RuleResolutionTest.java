package io.k3j.apiserver.authz;

import static io.k3j.apiserver.authz.RbacAuthorizerTest.binding;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.res;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.role;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.rule;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.subject;
import static io.k3j.apiserver.authz.RbacAuthorizerTest.urlRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.authn.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The rules SelfSubjectRulesReview reports and the reasons SubjectAccessReview gives, over the bootstrap policy. */
class RuleResolutionTest {

    private static final UserInfo ADMIN = new UserInfo("system:admin",
            List.of(MastersAuthorizer.MASTERS, UserInfo.ALL_AUTHENTICATED));
    private static final UserInfo ALICE = new UserInfo("alice", List.of("devs", UserInfo.ALL_AUTHENTICATED));

    private final RbacAuthorizerTest.FakeSource source = new RbacAuthorizerTest.FakeSource()
            .addAll(BootstrapPolicy.clusterRoles()).addAll(BootstrapPolicy.clusterRoleBindings());
    private final RbacAuthorizer rbac = new RbacAuthorizer(source);

    private static ObjectNode resourceRule(List<String> verbs, List<String> groups, List<String> resources) {
        return rule(verbs, groups, resources);
    }

    @Test
    void mastersGetClusterAdminsWildcardsFirstThroughTheBootstrapBinding() {
        RuleResolver.Rules rules = rbac.rulesFor(ADMIN, "default");
        assertThat(rules.resourceRules().getFirst())
                .isEqualTo(resourceRule(List.of("*"), List.of("*"), List.of("*")));
        assertThat(rules.nonResourceRules().getFirst()).isEqualTo(urlRule(List.of("*"), List.of("*")));
        assertThat(rules.incomplete()).isFalse();
        assertThat(rules.evaluationError()).isEmpty();
        // and what system:authenticated has: the self reviews and discovery
        assertThat(rules.resourceRules()).contains(resourceRule(List.of("create"), List.of("authorization.k8s.io"),
                List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")));
        assertThat(rules.nonResourceRules()).anySatisfy(r -> assertThat(r.path("nonResourceURLs").toString())
                .contains("/api/*"));
    }

    @Test
    void anAuthenticatedUserWithoutBindingsGetsTheBasicUserAndDiscoveryRulesOnly() {
        RuleResolver.Rules rules = rbac.rulesFor(ALICE, "default");
        assertThat(rules.resourceRules()).containsExactly(
                resourceRule(List.of("create"), List.of("authorization.k8s.io"),
                        List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")),
                resourceRule(List.of("create"), List.of("authentication.k8s.io"), List.of("selfsubjectreviews")));
        assertThat(rules.nonResourceRules()).hasSize(2)
                .allSatisfy(r -> assertThat(r.path("verbs").toString()).isEqualTo("[\"get\"]"));
    }

    @Test
    void roleBindingsCountOnlyInTheirNamespaceAndClusterBindingsEverywhere() {
        ObjectNode secrets = rule(List.of("get"), List.of(""), List.of("secrets"));
        ObjectNode leases = rule(List.of("list"), List.of("coordination.k8s.io"), List.of("leases"));
        source.add(role("Role", "team", "secret-reader", secrets), role("ClusterRole", null, "lease-lister", leases),
                binding("RoleBinding", "team", "b", "Role", "secret-reader", subject("User", "alice")),
                binding("ClusterRoleBinding", null, "c", "ClusterRole", "lease-lister", subject("Group", "devs")));
        assertThat(rbac.rulesFor(ALICE, "team").resourceRules()).contains(secrets, leases);
        assertThat(rbac.rulesFor(ALICE, "other").resourceRules()).contains(leases).doesNotContain(secrets);
    }

    @Test
    void aggregatedRolesReportTheRulesOfEveryRoleTheySelect() {
        source.add(binding("RoleBinding", "team", "alice-edit", "ClusterRole", "edit", subject("User", "alice")));
        List<ObjectNode> rules = rbac.rulesFor(ALICE, "team").resourceRules();
        // edit aggregates system:aggregate-to-edit and, through view's label, system:aggregate-to-view
        assertThat(rules).anySatisfy(r -> assertThat(r.path("resources").toString()).contains("\"pods/exec\""));
        assertThat(rules).anySatisfy(r -> assertThat(r.path("resources").toString()).contains("\"pods/log\""));
        assertThat(rules).noneSatisfy(r -> assertThat(r.path("resources").toString()).contains("\"rolebindings\""));

        ObjectNode widgets = rule(List.of("get"), List.of("example.com"), List.of("widgets"));
        ObjectNode extra = role("ClusterRole", null, "widget-viewer", widgets);
        ((ObjectNode) extra.get("metadata")).putObject("labels").put(BootstrapPolicy.AGGREGATE_TO + "view", "true");
        source.add(extra);
        assertThat(rbac.rulesFor(ALICE, "team").resourceRules()).contains(widgets);
        assertThat(rbac.rulesFor(ALICE, "other").resourceRules()).doesNotContain(widgets);
    }

    @Test
    void resourceNamesAndNonResourceUrlsAreKeptAndMixedRulesSplit() {
        ObjectNode named = rule(List.of("get", "update"), List.of(""), List.of("configmaps"));
        named.putArray("resourceNames").add("settings");
        ObjectNode mixed = rule(List.of("get"), List.of(""), List.of("pods"));
        mixed.putArray("nonResourceURLs").add("/logs/*");
        source.add(role("ClusterRole", null, "r", named, mixed, urlRule(List.of("get"), List.of("/metrics"))),
                binding("RoleBinding", "team", "b", "ClusterRole", "r", subject("User", "alice")));
        RuleResolver.Rules rules = rbac.rulesFor(ALICE, "team");
        assertThat(rules.resourceRules()).contains(named, rule(List.of("get"), List.of(""), List.of("pods")));
        assertThat(rules.nonResourceRules()).contains(urlRule(List.of("get"), List.of("/logs/*")),
                urlRule(List.of("get"), List.of("/metrics")));
        assertThat(rules.resourceRules()).noneSatisfy(r -> assertThat(r.has("nonResourceURLs")).isTrue());
    }

    @Test
    void missingRolesAreReportedAsTheEvaluationErrorAndDoNotStopTheListing() {
        source.add(binding("RoleBinding", "team", "a", "Role", "gone", subject("User", "alice")),
                binding("RoleBinding", "team", "b", "ClusterRole", "vanished", subject("User", "alice")),
                binding("RoleBinding", "team", "c", "ClusterRole", "vanished", subject("Group", "devs")));
        RuleResolver.Rules rules = rbac.rulesFor(ALICE, "team");
        assertThat(rules.evaluationError()).isEqualTo("[role.rbac.authorization.k8s.io \"gone\" not found,"
                + " clusterrole.rbac.authorization.k8s.io \"vanished\" not found]");
        assertThat(rules.incomplete()).isFalse();
        assertThat(rules.resourceRules()).isNotEmpty();
        assertThat(rbac.authorize(res(ALICE, "get", "", "pods", null, "team", null)).reason())
                .isEqualTo("RBAC: " + rules.evaluationError());
    }

    @Test
    void decisionsNameTheBindingThatAllowed() {
        Authorizer chain = new MastersAuthorizer(rbac);
        assertThat(chain.authorize(res(ADMIN, "delete", "", "nodes", null, null, "n1")))
                .isEqualTo(new Authorizer.Decision(true, ""));
        assertThat(rbac.authorize(res(ADMIN, "delete", "", "nodes", null, null, "n1")).reason())
                .isEqualTo("RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\""
                        + " to Group \"system:masters\"");
        ObjectNode sa = Json.object().put("kind", "ServiceAccount").put("name", "builder");
        source.add(binding("RoleBinding", "team", "ci", "ClusterRole", "view", sa));
        UserInfo builder = new UserInfo("system:serviceaccount:team:builder", List.of());
        assertThat(chain.authorize(res(builder, "list", "", "pods", null, "team", null))).isEqualTo(
                new Authorizer.Decision(true, "RBAC: allowed by RoleBinding \"ci/team\" of ClusterRole \"view\" to"
                        + " ServiceAccount \"builder/team\""));
        assertThat(chain.authorize(res(builder, "delete", "", "pods", null, "team", null)))
                .isEqualTo(Authorizer.Decision.NO_OPINION);
        assertThat(chain.authorize(res(ALICE, "list", "", "pods", null, "team", null)).allowed()).isFalse();
    }
}
