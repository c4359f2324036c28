package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReplicationControllerStrategyTest {

    private final ReplicationControllerStrategy strategy = new ReplicationControllerStrategy();

    @Test
    void selectorAndLabelsDefaultToTheTemplateLabels() {
        ObjectNode rc = created(strategy, """
                {"metadata":{"name":"rc"},"spec":{"template":{"metadata":{"labels":{"app":"a"}},
                  "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}""");
        assertSameJson(rc.get("spec"), """
                {"replicas":1,"selector":{"app":"a"},
                 "template":{"metadata":{"labels":{"app":"a"}},"spec":%s}}"""
                .replace("%s", Fixtures.DEFAULTED_POD_SPEC));
        assertSameJson(rc.at("/metadata/labels"), """
                {"app":"a"}""");
        assertSameJson(rc.get("status"), """
                {"replicas":0}""");
        assertThat(strategy.validate(rc)).isEmpty();
    }

    @Test
    void userSelectorLabelsAndReplicasAreKept() {
        ObjectNode rc = created(strategy, """
                {"metadata":{"name":"rc","labels":{"owner":"me"}},"spec":{"replicas":2,"selector":{"app":"a"},
                  "template":{"metadata":{"labels":{"app":"a","v":"1"}},
                  "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertSameJson(rc.at("/spec/selector"), """
                {"app":"a"}""");
        assertSameJson(rc.at("/metadata/labels"), """
                {"owner":"me"}""");
        assertThat(rc.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void invalidControllersReportUpstreamCauses() {
        ObjectNode noTemplate = created(strategy, """
                {"metadata":{"name":"rc"},"spec":{}}""");
        assertThat(lines(strategy.validate(noTemplate)))
                .containsExactly("spec.selector: Required value", "spec.template: Required value");
        ObjectNode mismatch = created(strategy, """
                {"metadata":{"name":"rc"},"spec":{"selector":{"app":"b"},"template":{"metadata":{"labels":
                  {"app":"a"}},"spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(mismatch))).containsExactly(
                "spec.template.metadata.labels: Invalid value: {\"app\":\"a\"}: `selector` does not match template"
                        + " `labels`");
    }
}
