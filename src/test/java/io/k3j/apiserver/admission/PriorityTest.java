package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PriorityTest extends Harness {

    private void priorityClass(String name, int value, boolean globalDefault, String policy) {
        store("scheduling.k8s.io", "priorityclasses").create(null, obj("{\"metadata\":{\"name\":\"" + name
                + "\"},\"value\":" + value + ",\"globalDefault\":" + globalDefault
                + (policy == null ? "" : ",\"preemptionPolicy\":\"" + policy + "\"") + "}"), false);
    }

    private ObjectNode createPod(String name, String specExtra) {
        return core("pods").create("ns", obj("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + specExtra
                + "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}"), false);
    }

    @Test
    void withoutAClassPodsGetZeroAndPreemptLowerPriority() {
        ObjectNode p = createPod("p", "");
        assertThat(p.at("/spec/priority").asInt(-1)).isZero();
        assertThat(p.at("/spec/preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
        assertThat(p.at("/spec").has("priorityClassName")).isFalse();
    }

    @Test
    void theClassGivesPriorityAndPolicy() {
        priorityClass("system-node-critical", 2000001000, false, null);
        priorityClass("batch", 10, false, "Never");
        assertThat(createPod("a", "\"priorityClassName\":\"system-node-critical\",").at("/spec/priority").asInt())
                .isEqualTo(2000001000);
        ObjectNode batch = createPod("b", "\"priorityClassName\":\"batch\",");
        assertThat(batch.at("/spec/priority").asInt()).isEqualTo(10);
        assertThat(batch.at("/spec/preemptionPolicy").asString()).isEqualTo("Never");
    }

    @Test
    void anUnknownClassIsForbidden() {
        forbidden(() -> createPod("p", "\"priorityClassName\":\"nope\","),
                "pods \"p\" is forbidden: no PriorityClass with name nope was found");
    }

    @Test
    void theGlobalDefaultAppliesToPodsWithoutAClass() {
        priorityClass("normal", 100, true, null);
        ObjectNode p = createPod("p", "");
        assertThat(p.at("/spec/priorityClassName").asString()).isEqualTo("normal");
        assertThat(p.at("/spec/priority").asInt()).isEqualTo(100);
        forbidden(() -> priorityClass("other", 5, true, null),
                "priorityclasses.scheduling.k8s.io \"other\" is forbidden: PriorityClass normal is already marked"
                        + " as default. Only one default can exist");
    }

    @Test
    void aPriorityDisagreeingWithTheClassIsForbidden() {
        forbidden(() -> createPod("p", "\"priority\":7,"),
                "pods \"p\" is forbidden: the integer value of priority (7) must not be provided in pod spec;"
                        + " priority admission controller computed 0 from the given PriorityClass name");
    }

    @Test
    void updatesKeepThePriority() {
        createPod("p", "");
        ObjectNode updated = core("pods").patch("ns", "p", current -> {
            ((ObjectNode) current.get("spec")).remove("priority");
            return current;
        }, null, false);
        assertThat(updated.at("/spec/priority").asInt(-1)).isZero();
    }
}
