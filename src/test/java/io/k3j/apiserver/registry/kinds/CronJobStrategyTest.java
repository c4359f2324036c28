package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CronJobStrategyTest {

    private final CronJobStrategy strategy = new CronJobStrategy();

    @Test
    void minimalCronJobGetsUpstreamDefaultsButItsJobTemplateNoJobDefaults() {
        ObjectNode cj = created(strategy, """
                {"metadata":{"name":"hello"},"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":
                  {"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"nginx:1.27"}]}}}}}}""");
        assertSameJson(cj.get("spec"), """
                {"schedule":"*/5 * * * *","concurrencyPolicy":"Allow","suspend":false,
                 "successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1,
                 "jobTemplate":{"spec":{"template":{"spec":SPEC}}}}"""
                .replace("SPEC", Fixtures.DEFAULTED_POD_SPEC.replace("\"Always\"", "\"OnFailure\"")));
        assertSameJson(cj.get("status"), "{}");
        assertThat(strategy.validate(cj)).isEmpty();
    }

    @Test
    void userValuesAreKept() {
        ObjectNode cj = created(strategy, """
                {"metadata":{"name":"hello"},"spec":{"schedule":"@hourly","concurrencyPolicy":"Forbid",
                  "suspend":true,"successfulJobsHistoryLimit":0,"failedJobsHistoryLimit":5,"timeZone":"Europe/Paris",
                  "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"x:1"}]}}}}}}""");
        assertThat(cj.at("/spec/concurrencyPolicy").asString()).isEqualTo("Forbid");
        assertThat(cj.at("/spec/suspend").asBoolean()).isTrue();
        assertThat(cj.at("/spec/successfulJobsHistoryLimit").asInt()).isZero();
        assertThat(cj.at("/spec/failedJobsHistoryLimit").asInt()).isEqualTo(5);
        assertThat(strategy.validate(cj)).isEmpty();
    }

    @Test
    void invalidCronJobsReportUpstreamCauses() {
        ObjectNode cj = created(strategy, """
                {"metadata":{"name":"a-very-long-cron-job-name-that-exceeds-the-fifty-two-limit"},
                 "spec":{"schedule":"* * * *","timeZone":"Mars/Olympus","concurrencyPolicy":"Sometimes",
                  "jobTemplate":{"spec":{"selector":{"matchLabels":{"a":"b"}},
                   "template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}}}}""");
        assertThat(lines(strategy.validate(cj))).containsExactly(
                "metadata.name: Invalid value: \"a-very-long-cron-job-name-that-exceeds-the-fifty-two-limit\":"
                        + " must be no more than 52 characters",
                "spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]",
                "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus",
                "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\","
                        + " \"Replace\"",
                "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be"
                        + " auto-generated",
                "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\","
                        + " \"Never\"");
        ObjectNode missing = created(strategy, """
                {"metadata":{"name":"c"},"spec":{"jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"x:1"}]}}}}}}""");
        assertThat(lines(strategy.validate(missing))).containsExactly("spec.schedule: Required value");
    }
}
