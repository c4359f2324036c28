package io.k3j.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EligibilityTest {

    static ObjectNode json(String s) {
        return (ObjectNode) Json.parse(s.getBytes());
    }

    static ObjectNode node(String name, String labels, String taints, boolean unschedulable) {
        return json("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"spec\":{\"taints\":" + taints
                + ",\"unschedulable\":" + unschedulable + "}}");
    }

    static ObjectNode ds(String podSpec) {
        return json("{\"metadata\":{\"name\":\"agent\",\"namespace\":\"default\",\"uid\":\"u1\"},"
                + "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},\"spec\":" + podSpec + "}}}");
    }

    static Eligibility judge(String podSpec, ObjectNode node) {
        return Eligibility.of(DaemonPods.podSpec(ds(podSpec)), node);
    }

    @Test
    void plainNodeIsEligible() {
        assertThat(judge("{}", node("n1", "{}", "[]", false))).isEqualTo(new Eligibility(true, true));
    }

    @Test
    void untoleratedNoScheduleTaintStopsNewPodsButKeepsRunningOnes() {
        ObjectNode n = node("n1", "{}", "[{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"}]", false);
        assertThat(judge("{}", n)).isEqualTo(new Eligibility(false, true));
        assertThat(judge("{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"db\"}]}", n))
                .isEqualTo(new Eligibility(true, true));
        assertThat(judge("{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"web\"}]}", n))
                .isEqualTo(new Eligibility(false, true));
        assertThat(judge("{\"tolerations\":[{\"operator\":\"Exists\"}]}", n)).isEqualTo(new Eligibility(true, true));
    }

    @Test
    void untoleratedNoExecuteTaintEvicts() {
        ObjectNode n = node("n1", "{}", "[{\"key\":\"gone\",\"effect\":\"NoExecute\"}]", false);
        assertThat(judge("{}", n)).isEqualTo(new Eligibility(false, false));
        assertThat(judge("{\"tolerations\":[{\"key\":\"gone\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]}", n))
                .isEqualTo(new Eligibility(true, true));
        assertThat(judge("{\"tolerations\":[{\"key\":\"gone\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]}", n))
                .isEqualTo(new Eligibility(false, false));
    }

    @Test
    void preferNoScheduleTaintIsIgnored() {
        assertThat(judge("{}", node("n1", "{}", "[{\"key\":\"x\",\"effect\":\"PreferNoSchedule\"}]", false)))
                .isEqualTo(new Eligibility(true, true));
    }

    @Test
    void automaticTolerationsCoverUnschedulableNotReadyAndPressure() {
        ObjectNode n = node("n1", "{}", "[{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/memory-pressure\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/disk-pressure\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/pid-pressure\",\"effect\":\"NoSchedule\"}]", true);
        assertThat(judge("{}", n)).isEqualTo(new Eligibility(true, true));
    }

    @Test
    void networkUnavailableIsToleratedOnlyForHostNetworkPods() {
        ObjectNode n = node("n1", "{}", "[{\"key\":\"node.kubernetes.io/network-unavailable\",\"effect\":\"NoSchedule\"}]",
                false);
        assertThat(judge("{}", n).shouldRun()).isFalse();
        assertThat(judge("{\"hostNetwork\":true}", n).shouldRun()).isTrue();
    }

    @Test
    void nodeSelectorAndRequiredAffinityMustMatch() {
        ObjectNode linux = node("n1", "{\"os\":\"linux\",\"zone\":\"a\",\"cores\":\"8\"}", "[]", false);
        assertThat(judge("{\"nodeSelector\":{\"os\":\"linux\"}}", linux).shouldRun()).isTrue();
        assertThat(judge("{\"nodeSelector\":{\"os\":\"windows\"}}", linux)).isEqualTo(new Eligibility(false, false));
        String affinity = "{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                + "{\"nodeSelectorTerms\":[%s]}}}}";
        assertThat(judge(affinity.formatted("{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"b\"]}]},"
                + "{\"matchExpressions\":[{\"key\":\"cores\",\"operator\":\"Gt\",\"values\":[\"4\"]}]}"), linux).shouldRun())
                .isTrue();
        assertThat(judge(affinity.formatted("{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"NotIn\",\"values\":[\"a\"]}]}"),
                linux).shouldRun()).isFalse();
        assertThat(judge(affinity.formatted("{\"matchExpressions\":[{\"key\":\"gpu\",\"operator\":\"DoesNotExist\"},"
                + "{\"key\":\"zone\",\"operator\":\"Exists\"}]}"), linux).shouldRun()).isTrue();
        assertThat(judge(affinity.formatted("{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\",\"values\":[\"n2\"]}]}"),
                linux).shouldRun()).isFalse();
        assertThat(judge(affinity.formatted("{}"), linux).shouldRun()).isFalse();
    }

    @Test
    void newPodIsPinnedByAffinityAndCarriesHashAndTolerations() {
        ObjectNode ds = ds("{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}],\"affinity\":{\"nodeAffinity\":"
                + "{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":1,\"preference\":{}}]}}}");
        ((ObjectNode) ds.get("metadata")).putObject("annotations").put("deprecated.daemonset.template.generation", "3");
        ObjectNode pod = DaemonPods.newPod(ds, "sim-1", "abc");
        assertThat(pod.path("spec").has("nodeName")).isFalse();
        assertThat(NodeAffinity.targetNode(pod)).isEqualTo("sim-1");
        assertThat(pod.path("spec").path("affinity").path("nodeAffinity")
                .path("preferredDuringSchedulingIgnoredDuringExecution").size()).isEqualTo(1);
        assertThat(pod.path("metadata").path("labels").path("controller-revision-hash").asString()).isEqualTo("abc");
        assertThat(pod.path("metadata").path("labels").path("pod-template-generation").asString()).isEqualTo("3");
        assertThat(pod.path("metadata").path("generateName").asString()).isEqualTo("agent-");
        assertThat(pod.path("metadata").path("ownerReferences").get(0).path("kind").asString()).isEqualTo("DaemonSet");
        assertThat(pod.path("spec").path("tolerations").size()).isEqualTo(6);
        assertThat(NodeAffinity.matches(pod.path("spec"), node("sim-1", "{}", "[]", false))).isTrue();
        assertThat(NodeAffinity.matches(pod.path("spec"), node("sim-2", "{}", "[]", false))).isFalse();
    }
}
