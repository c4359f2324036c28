package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.UID;
import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class JobStrategyTest {

    private final JobStrategy strategy = new JobStrategy();

    private static final String GENERATED_LABELS = """
            {"batch.kubernetes.io/controller-uid":"UID","batch.kubernetes.io/job-name":"pi",
             "controller-uid":"UID","job-name":"pi"}""".replace("UID", UID);

    @Test
    void minimalJobGetsUpstreamDefaultsAndAGeneratedSelector() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi"},"spec":{"template":{"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"nginx:1.27"}]}}},"status":{"succeeded":1}}""");
        assertSameJson(job.get("spec"), """
                {"backoffLimit":6,"completionMode":"NonIndexed","completions":1,"manualSelector":false,
                 "parallelism":1,"podReplacementPolicy":"TerminatingOrFailed","suspend":false,
                 "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"UID"}},
                 "template":{"metadata":{"labels":LABELS},"spec":SPEC}}"""
                .replace("LABELS", GENERATED_LABELS).replace("UID", UID)
                .replace("SPEC", Fixtures.DEFAULTED_POD_SPEC.replace("\"Always\"", "\"Never\"")));
        assertSameJson(job.at("/metadata/labels"), GENERATED_LABELS);
        assertSameJson(job.get("status"), "{}");
        assertThat(strategy.validate(job)).isEmpty();
    }

    @Test
    void userValuesAreKept() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi","labels":{"team":"a"}},"spec":{"parallelism":3,"backoffLimit":2,
                  "suspend":true,"template":{"metadata":{"labels":{"app":"pi"}},"spec":{"restartPolicy":"OnFailure",
                  "containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(job.at("/spec").has("completions")).isFalse();
        assertThat(job.at("/spec/parallelism").asInt()).isEqualTo(3);
        assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(2);
        assertThat(job.at("/spec/suspend").asBoolean()).isTrue();
        assertSameJson(job.at("/metadata/labels"), """
                {"team":"a"}""");
        assertThat(job.at("/spec/template/metadata/labels/app").asString()).isEqualTo("pi");
        assertThat(strategy.validate(job)).isEmpty();
    }

    @Test
    void jobLabelsDefaultToTheUsersTemplateLabels() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi"},"spec":{"template":{"metadata":{"labels":{"app":"pi"}},
                  "spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertSameJson(job.at("/metadata/labels"), """
                {"app":"pi"}""");
    }

    @Test
    void backoffLimitPerIndexAndPodFailurePolicyChangeTheDefaults() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi"},"spec":{"completionMode":"Indexed","completions":3,
                  "backoffLimitPerIndex":1,"podFailurePolicy":{"rules":[{"action":"Ignore",
                  "onPodConditions":[{"type":"DisruptionTarget"}]}]},
                  "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(job.at("/spec/backoffLimit").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(job.at("/spec/podReplacementPolicy").asString()).isEqualTo("Failed");
        assertThat(job.at("/spec/podFailurePolicy/rules/0/onPodConditions/0/status").asString()).isEqualTo("True");
        assertThat(strategy.validate(job)).isEmpty();
    }

    @Test
    void manualSelectorsAreNotGenerated() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi"},"spec":{"manualSelector":true,
                  "template":{"metadata":{"labels":{"app":"pi"}},"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(job.at("/spec").has("selector")).isFalse();
        assertThat(lines(strategy.validate(job))).containsExactly(
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"pi\"}: `selector` does not match template"
                        + " `labels`");
    }

    @Test
    void invalidJobsReportUpstreamCauses() {
        ObjectNode job = created(strategy, """
                {"metadata":{"name":"pi"},"spec":{"parallelism":-1,"completionMode":"Sometimes",
                  "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}},
                  "template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(job))).containsExactly(
                "spec.selector: Invalid value: {\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"other\"}}:"
                        + " `selector` not auto-generated",
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
                "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\","
                        + " \"Indexed\"",
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
                "spec.template.metadata.labels: Invalid value: " + GENERATED_LABELS.replaceAll("\\s", "")
                        + ": `selector` does not match template `labels`");
    }

    @Test
    void templateIsImmutableUnlessSuspendedAndNeverStarted() {
        String json = """
                {"metadata":{"name":"pi"},"spec":{"suspend":SUSPEND,"template":{"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"x:1"}]}}}}""";
        ObjectNode running = created(strategy, json.replace("SUSPEND", "false"));
        ObjectNode update = running.deepCopy();
        ((ObjectNode) update.at("/spec/template/spec/containers/0")).put("image", "x:2");
        assertThatThrownBy(() -> strategy.prepareForUpdate(update, running)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("Job.batch \"pi\" is invalid: spec.template: Invalid value: {")
                .hasMessageEndingWith("}: field is immutable");
        ObjectNode suspended = created(strategy, json.replace("SUSPEND", "true"));
        ObjectNode resumed = suspended.deepCopy();
        ((ObjectNode) resumed.at("/spec/template/spec/containers/0")).put("image", "x:2");
        ((ObjectNode) resumed.get("spec")).put("suspend", false);
        strategy.prepareForUpdate(resumed, suspended);
        assertThat(resumed.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("x:2");
        ObjectNode reselected = suspended.deepCopy();
        ((ObjectNode) reselected.at("/spec/selector/matchLabels")).put("extra", "x");
        assertThatThrownBy(() -> strategy.prepareForUpdate(reselected, suspended))
                .hasMessageContaining("spec.selector: Invalid value: ");
    }
}
