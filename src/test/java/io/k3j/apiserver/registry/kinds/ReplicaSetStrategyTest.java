package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReplicaSetStrategyTest {

    private final ReplicaSetStrategy strategy = new ReplicaSetStrategy();

    @Test
    void minimalReplicaSetGetsUpstreamDefaults() {
        ObjectNode rs = created(strategy, """
                {"metadata":{"name":"rs"},"spec":{"selector":{"matchLabels":{"app":"a"}},
                  "template":{"metadata":{"labels":{"app":"a","tier":"web"}},
                    "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}},"status":{"replicas":4}}""");
        assertSameJson(rs.get("spec"), """
                {"replicas":1,"selector":{"matchLabels":{"app":"a"}},
                 "template":{"metadata":{"labels":{"app":"a","tier":"web"}},"spec":%s}}"""
                .replace("%s", Fixtures.DEFAULTED_POD_SPEC));
        assertSameJson(rs.get("status"), """
                {"replicas":0}""");
        assertThat(strategy.validate(rs)).isEmpty();
    }

    @Test
    void userReplicasAreKept() {
        ObjectNode rs = created(strategy, """
                {"metadata":{"name":"rs"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"a"}},
                  "template":{"metadata":{"labels":{"app":"a"}},
                    "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(rs.at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void selectorExpressionsMustMatchTheTemplate() {
        ObjectNode rs = created(strategy, """
                {"metadata":{"name":"rs"},"spec":{"selector":{"matchExpressions":[{"key":"app","operator":"In",
                  "values":["a","b"]}]},"template":{"metadata":{"labels":{"app":"c"}},
                  "spec":{"activeDeadlineSeconds":5,"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(rs))).containsExactly(
                "spec.template.metadata.labels: Invalid value: {\"app\":\"c\"}: `selector` does not match template"
                        + " `labels`",
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not"
                        + " Supported");
    }
}
