package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodStrategyTest {

    private final PodStrategy strategy = new PodStrategy();

    @Test
    void minimalPodGetsUpstreamDefaultsAndPendingStatus() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"web","namespace":"default"},
                 "spec":{"containers":[{"name":"nginx","image":"nginx"}]}}""");
        assertSameJson(pod.get("spec"), """
                {"containers":[{"name":"nginx","image":"nginx","imagePullPolicy":"Always","resources":{},
                   "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                 "dnsPolicy":"ClusterFirst","enableServiceLinks":true,
                 "restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},
                 "terminationGracePeriodSeconds":30}""");
        assertSameJson(pod.get("status"), """
                {"phase":"Pending","qosClass":"BestEffort"}""");
        assertThat(strategy.validate(pod)).isEmpty();
    }

    @Test
    void userValuesAreKept() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},
                 "spec":{"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":5,
                   "schedulerName":"mine","enableServiceLinks":false,"securityContext":{"runAsUser":1000},
                   "serviceAccountName":"robot",
                   "containers":[{"name":"c","image":"busybox:latest","imagePullPolicy":"Never",
                     "terminationMessagePolicy":"FallbackToLogsOnError",
                     "ports":[{"containerPort":53,"protocol":"UDP"}]}]},
                 "status":{"phase":"Running"}}""");
        assertSameJson(pod.get("spec"), """
                {"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":5,
                 "schedulerName":"mine","enableServiceLinks":false,"securityContext":{"runAsUser":1000},
                 "serviceAccountName":"robot","serviceAccount":"robot",
                 "containers":[{"name":"c","image":"busybox:latest","imagePullPolicy":"Never",
                   "terminationMessagePolicy":"FallbackToLogsOnError","resources":{},
                   "terminationMessagePath":"/dev/termination-log",
                   "ports":[{"containerPort":53,"protocol":"UDP"}]}]}""");
        assertThat(pod.path("status").path("phase").asString()).isEqualTo("Pending");
    }

    @Test
    void limitsBecomeRequestsAndMakeThePodGuaranteed() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1",
                  "resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}]}}""");
        assertSameJson(pod.at("/spec/containers/0/resources"), """
                {"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"500m","memory":"128Mi"}}""");
        assertThat(pod.at("/status/qosClass").asString()).isEqualTo("Guaranteed");
    }

    @Test
    void hostNetworkPortsDefaultToHostPorts() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"x:1",
                  "ports":[{"containerPort":8080}]}]}}""");
        assertSameJson(pod.at("/spec/containers/0/ports"), """
                [{"containerPort":8080,"hostPort":8080,"protocol":"TCP"}]""");
    }

    @Test
    void schedulingGatesAddTheGatedCondition() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"schedulingGates":[{"name":"wait"}],
                  "containers":[{"name":"c","image":"x:1"}]}}""");
        assertSameJson(pod.get("status"), """
                {"phase":"Pending","qosClass":"BestEffort","conditions":[{"type":"PodScheduled","status":"False",
                  "lastProbeTime":null,"lastTransitionTime":null,"reason":"SchedulingGated",
                  "message":"Scheduling is blocked due to non-empty scheduling gates"}]}""");
    }

    @Test
    void priorityIsLeftToAdmission() {
        ObjectNode custom = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"priorityClassName":"high",
                  "containers":[{"name":"c","image":"x:1"}]}}""");
        assertThat(custom.at("/spec").has("priority")).isFalse();
    }

    @Test
    void updatesAreDefaultedToo() {
        ObjectNode old = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x:1"}]}}""");
        ObjectNode updated = obj("""
                {"metadata":{"name":"p","generation":2},"spec":{"containers":[{"name":"c","image":"x:1"}]}}""");
        strategy.prepareForUpdate(updated, old);
        assertThat(updated.get("spec")).isEqualTo(old.get("spec"));
        assertThat(updated.at("/metadata/generation").asInt()).isEqualTo(1);
    }

    @Test
    void validationReportsUpstreamCauses() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},"spec":{"restartPolicy":"Sometimes",
                  "volumes":[{"name":"data"},{"name":"data","secret":{"secretName":"s"},"configMap":{"name":"c"}}],
                  "containers":[{"name":"Web","image":"x:1","volumeMounts":[{"name":"missing","mountPath":"/m"}]},
                    {"name":"Web"},
                    {"name":"ok","image":"x:1","ports":[{"containerPort":70000,"protocol":"ICMP"}],
                     "resources":{"limits":{"cpu":"1"},"requests":{"cpu":"2"}}}]}}""");
        assertThat(lines(strategy.validate(pod))).containsExactly(
                "spec.volumes[1].name: Duplicate value: \"data\"",
                "spec.volumes[1].configMap: Forbidden: may not specify more than 1 volume type",
                "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower"
                        + " case alphanumeric characters or '-', and must start and end with an alphanumeric"
                        + " character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
                "spec.containers[1].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower"
                        + " case alphanumeric characters or '-', and must start and end with an alphanumeric"
                        + " character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[1].name: Duplicate value: \"Web\"",
                "spec.containers[1].image: Required value",
                "spec.containers[2].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535,"
                        + " inclusive",
                "spec.containers[2].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\","
                        + " \"TCP\", \"UDP\"",
                "spec.containers[2].resources.requests: Invalid value: \"2\": must be less than or equal to cpu"
                        + " limit of 1",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\","
                        + " \"Never\"");
    }

    @Test
    void podWithoutContainersIsInvalid() {
        ObjectNode pod = created(strategy, """
                {"metadata":{"name":"p"},"spec":{}}""");
        assertThat(lines(strategy.validate(pod))).containsExactly("spec.containers: Required value");
        assertThat(Fixtures.reasons(strategy.validate(pod))).containsExactly("FieldValueRequired");
    }

    @Test
    void podsSelectByNodeName() {
        assertThat(strategy.selectableFields()).contains("spec.nodeName", "status.phase");
    }
}
