package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DaemonSetStrategyTest {

    private final DaemonSetStrategy strategy = new DaemonSetStrategy();

    private static final String MINIMAL = """
            {"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},
              "template":{"metadata":{"labels":{"app":"agent"}},
                "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}""";

    @Test
    void minimalDaemonSetGetsUpstreamDefaults() {
        ObjectNode ds = created(strategy, MINIMAL);
        assertSameJson(ds.get("spec"), """
                {"selector":{"matchLabels":{"app":"agent"}},
                 "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},
                 "revisionHistoryLimit":10,
                 "template":{"metadata":{"labels":{"app":"agent"}},"spec":%s}}"""
                .replace("%s", Fixtures.DEFAULTED_POD_SPEC));
        assertSameJson(ds.get("status"), """
                {"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}""");
        assertSameJson(ds.at("/metadata/annotations"), """
                {"deprecated.daemonset.template.generation":"1"}""");
        assertThat(strategy.validate(ds)).isEmpty();
    }

    @Test
    void userStrategyIsKeptAndTemplateChangesBumpTheTemplateGeneration() {
        String onDelete = MINIMAL.replace("\"selector\"", "\"updateStrategy\":{\"type\":\"OnDelete\"},\"selector\"");
        ObjectNode old = created(strategy, onDelete);
        assertSameJson(old.at("/spec/updateStrategy"), """
                {"type":"OnDelete"}""");
        ObjectNode same = obj(onDelete);
        strategy.prepareForUpdate(same, old);
        assertThat(same.at("/metadata/annotations/deprecated.daemonset.template.generation").asString()).isEqualTo("1");
        ObjectNode changed = obj(MINIMAL.replace("nginx:1.27", "nginx:1.28"));
        strategy.prepareForUpdate(changed, old);
        assertThat(changed.at("/metadata/annotations/deprecated.daemonset.template.generation").asString())
                .isEqualTo("2");
        assertThat(changed.at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void invalidDaemonSetsReportUpstreamCauses() {
        ObjectNode ds = created(strategy, """
                {"metadata":{"name":"agent"},"spec":{
                  "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"150%","maxSurge":1}},
                  "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"restartPolicy":"OnFailure",
                    "containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(ds))).containsExactly(
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"agent\"}: `selector` does not match"
                        + " template `labels`",
                "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than"
                        + " 100%",
                "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable"
                        + " is non-zero");
    }
}
