package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DeploymentStrategyTest {

    private final DeploymentStrategy strategy = new DeploymentStrategy();

    private static final String MINIMAL = """
            {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
              "template":{"metadata":{"labels":{"app":"web"}},
                "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}},
             "status":{"replicas":3}}""";

    @Test
    void minimalDeploymentGetsUpstreamDefaults() {
        ObjectNode d = created(strategy, MINIMAL);
        assertSameJson(d.get("spec"), """
                {"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
                 "revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":%s}}"""
                .replace("%s", Fixtures.DEFAULTED_POD_SPEC));
        assertSameJson(d.get("status"), "{}");
        assertThat(strategy.validate(d)).isEmpty();
    }

    @Test
    void userValuesAreKept() {
        ObjectNode d = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"replicas":0,"revisionHistoryLimit":2,
                  "progressDeadlineSeconds":60,"strategy":{"type":"Recreate"},
                  "selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                    "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertSameJson(d.at("/spec/strategy"), """
                {"type":"Recreate"}""");
        assertThat(d.at("/spec/replicas").asInt()).isZero();
        assertThat(d.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(2);
        assertThat(d.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(60);
        ObjectNode partial = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"strategy":{"rollingUpdate":{"maxSurge":1}},
                  "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}""");
        assertSameJson(partial.at("/spec/strategy"), """
                {"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}""");
    }

    @Test
    void missingSelectorIsRequiredAndDoesNotMatchTheTemplate() {
        ObjectNode d = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"template":{"metadata":{"labels":{"app":"web"}},
                  "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(d))).containsExactly(
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template"
                        + " `labels`");
    }

    @Test
    void invalidDeploymentsReportUpstreamCauses() {
        ObjectNode d = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"web"}},
                  "strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":"0%"}},
                  "template":{"metadata":{"labels":{"app":"other"}},"spec":{"restartPolicy":"Never",
                    "containers":[{"name":"c"}]}}}}""");
        assertThat(lines(strategy.validate(d))).containsExactly(
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match"
                        + " template `labels`",
                "spec.template.spec.containers[0].image: Required value",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
        ObjectNode empty = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"selector":{},"template":{"spec":{"containers":[{"name":"c",
                  "image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(empty)))
                .containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    }

    @Test
    void updateKeepsGenerationWhenOnlyDefaultsWereOmitted() {
        ObjectNode old = created(strategy, MINIMAL);
        ObjectNode update = obj(MINIMAL);
        ((ObjectNode) update.get("metadata")).put("generation", 2);
        strategy.prepareForUpdate(update, old);
        assertThat(update.get("spec")).isEqualTo(old.get("spec"));
        assertThat(update.at("/metadata/generation").asInt()).isEqualTo(1);
        ObjectNode scaled = obj(MINIMAL);
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        strategy.prepareForUpdate(scaled, old);
        assertThat(scaled.at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void selectorIsImmutable() {
        ObjectNode old = created(strategy, MINIMAL);
        ObjectNode changed = obj(MINIMAL.replace("{\"app\":\"web\"}}", "{\"app\":\"web\",\"v\":\"2\"}}"));
        assertThatThrownBy(() -> strategy.prepareForUpdate(changed, old)).isInstanceOf(ApiException.class)
                .hasMessage("Deployment.apps \"web\" is invalid: spec.selector: Invalid value:"
                        + " {\"matchLabels\":{\"app\":\"web\",\"v\":\"2\"}}: field is immutable");
    }
}
