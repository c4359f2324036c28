package io.k3j.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DaemonPlanTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    static final Eligibility RUN = new Eligibility(true, true);
    static final Eligibility STAY = new Eligibility(false, true);
    static final Eligibility NO = new Eligibility(false, false);

    static ObjectNode ds(String strategy, int minReady) {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"agent\",\"namespace\":\"default\",\"uid\":\"u1\","
                + "\"generation\":4,\"annotations\":{\"deprecated.daemonset.template.generation\":\"2\"}},"
                + "\"spec\":{\"minReadySeconds\":" + minReady + ",\"updateStrategy\":" + strategy + ","
                + "\"template\":{\"spec\":{}}}}").getBytes());
    }

    static ObjectNode pod(String name, String hash, String created, boolean ready, String phase) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.put("creationTimestamp", created);
        meta.putObject("labels").put("controller-revision-hash", hash);
        ObjectNode status = pod.putObject("status");
        status.put("phase", phase);
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "Ready");
        c.put("status", ready ? "True" : "False");
        c.put("lastTransitionTime", "2026-01-01T00:00:00Z");
        return pod;
    }

    static ObjectNode ready(String name, String hash) {
        return pod(name, hash, "2026-01-01T00:00:00Z", true, "Running");
    }

    static Map<String, Eligibility> nodes(Object... pairs) {
        Map<String, Eligibility> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Eligibility) pairs[i + 1]);
        }
        return m;
    }

    static List<String> names(List<ObjectNode> pods) {
        return pods.stream().map(Meta::name).toList();
    }

    static final String ROLLING = "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}";

    @Test
    void createsOnEligibleNodesWithoutPodsAndDeletesWhereNotAllowed() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("b", List.of(ready("p-b", "h1")));
        pods.put("c", List.of(ready("p-c", "h1")));
        pods.put("d", List.of(ready("p-d", "h1")));
        pods.put("gone", List.of(ready("p-gone", "h1")));
        DaemonPlan plan = DaemonPlan.compute(ds(ROLLING, 0), nodes("a", RUN, "b", RUN, "c", STAY, "d", NO), pods, "h1",
                NOW);
        assertThat(plan.nodesToCreate()).containsExactly("a");
        assertThat(names(plan.podsToDelete())).containsExactlyInAnyOrder("p-d", "p-gone");
    }

    @Test
    void keepsTheOldestOfDuplicatesAndReplacesFinishedPods() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", List.of(pod("young", "h1", "2026-01-01T00:05:00Z", true, "Running"),
                pod("old", "h1", "2026-01-01T00:01:00Z", true, "Running")));
        pods.put("b", List.of(pod("failed", "h1", "2026-01-01T00:01:00Z", false, "Failed")));
        DaemonPlan plan = DaemonPlan.compute(ds(ROLLING, 0), nodes("a", RUN, "b", RUN), pods, "h1", NOW);
        assertThat(names(plan.podsToDelete())).containsExactlyInAnyOrder("young", "failed");
        assertThat(plan.nodesToCreate()).isEmpty();
    }

    @Test
    void rollingUpdateDeletesOldPodsWithinMaxUnavailable() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", List.of(ready("a-old", "h1")));
        pods.put("b", List.of(ready("b-old", "h1")));
        pods.put("c", List.of(ready("c-old", "h1")));
        Map<String, Eligibility> n = nodes("a", RUN, "b", RUN, "c", RUN);
        assertThat(names(DaemonPlan.compute(ds(ROLLING, 0), n, pods, "h2", NOW).podsToDelete()))
                .containsExactly("a-old");
        String two = "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"50%\",\"maxSurge\":0}}";
        assertThat(DaemonPlan.compute(ds(two, 0), n, pods, "h2", NOW).podsToDelete()).hasSize(2);
        pods.put("a", List.of(pod("a-new", "h2", "2026-01-01T00:09:00Z", false, "Running")));
        assertThat(DaemonPlan.compute(ds(ROLLING, 0), n, pods, "h2", NOW).isEmpty()).isTrue();
        pods.put("a", List.of(ready("a-new", "h2")));
        assertThat(names(DaemonPlan.compute(ds(ROLLING, 0), n, pods, "h2", NOW).podsToDelete()))
                .containsExactly("b-old");
    }

    @Test
    void rollingUpdateReplacesUnavailableOldPodsAtOnce() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", List.of(pod("a-old", "h1", "2026-01-01T00:00:00Z", false, "Running")));
        pods.put("b", List.of(pod("b-old", "h1", "2026-01-01T00:00:00Z", false, "Pending")));
        pods.put("c", List.of(ready("c-old", "h1")));
        assertThat(names(DaemonPlan.compute(ds(ROLLING, 0), nodes("a", RUN, "b", RUN, "c", RUN), pods, "h2", NOW)
                .podsToDelete())).containsExactlyInAnyOrder("a-old", "b-old");
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        ObjectNode fresh = ready("a-new", "h2");
        ((ObjectNode) fresh.path("status").path("conditions").get(0)).put("lastTransitionTime", "2026-01-01T00:09:30Z");
        pods.put("a", List.of(fresh));
        pods.put("b", List.of(ready("b-old", "h1")));
        assertThat(DaemonPlan.compute(ds(ROLLING, 60), nodes("a", RUN, "b", RUN), pods, "h2", NOW).isEmpty())
                .isTrue();
        assertThat(names(DaemonPlan.compute(ds(ROLLING, 10), nodes("a", RUN, "b", RUN), pods, "h2", NOW)
                .podsToDelete())).containsExactly("b-old");
    }

    @Test
    void surgeStartsNewPodsBesideOldOnesAndDeletesOldOnesOnceAvailable() {
        String surge = "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":1}}";
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", List.of(ready("a-old", "h1")));
        pods.put("b", List.of(ready("b-old", "h1")));
        Map<String, Eligibility> n = nodes("a", RUN, "b", RUN);
        DaemonPlan first = DaemonPlan.compute(ds(surge, 0), n, pods, "h2", NOW);
        assertThat(first.nodesToCreate()).containsExactly("a");
        assertThat(first.podsToDelete()).isEmpty();
        pods.put("a", List.of(ready("a-old", "h1"), pod("a-new", "h2", "2026-01-01T00:09:00Z", false, "Pending")));
        assertThat(DaemonPlan.compute(ds(surge, 0), n, pods, "h2", NOW).isEmpty()).isTrue();
        pods.put("a", List.of(ready("a-old", "h1"), pod("a-new", "h2", "2026-01-01T00:09:00Z", true, "Running")));
        DaemonPlan third = DaemonPlan.compute(ds(surge, 0), n, pods, "h2", NOW);
        assertThat(names(third.podsToDelete())).containsExactly("a-old");
        assertThat(third.nodesToCreate()).containsExactly("b");
    }

    @Test
    void onDeleteNeverReplacesOldPods() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", new ArrayList<>(List.of(ready("a-old", "h1"))));
        assertThat(DaemonPlan.compute(ds("{\"type\":\"OnDelete\"}", 0), nodes("a", RUN), pods, "h2", NOW).isEmpty())
                .isTrue();
    }

    @Test
    void statusCountsOldestPodPerEligibleNode() {
        Map<String, List<ObjectNode>> pods = new LinkedHashMap<>();
        pods.put("a", List.of(ready("a1", "h2")));
        pods.put("b", List.of(pod("b1", "h1", "2026-01-01T00:00:00Z", false, "Pending")));
        pods.put("c", List.of(ready("c1", "h1")));
        pods.put("d", List.of(ready("d1", "h2")));
        ObjectNode status = DaemonStatus.compute(4, nodes("a", RUN, "b", RUN, "c", RUN, "d", NO, "e", RUN), pods,
                "h2", "9", 0, NOW, 0);
        assertThat(status.path("desiredNumberScheduled").asInt()).isEqualTo(4);
        assertThat(status.path("currentNumberScheduled").asInt()).isEqualTo(3);
        assertThat(status.path("numberMisscheduled").asInt()).isEqualTo(1);
        assertThat(status.path("numberReady").asInt()).isEqualTo(2);
        assertThat(status.path("numberAvailable").asInt()).isEqualTo(2);
        assertThat(status.path("numberUnavailable").asInt()).isEqualTo(2);
        assertThat(status.path("updatedNumberScheduled").asInt()).isEqualTo(1);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(4);
        ObjectNode later = DaemonStatus.compute(4, nodes("a", RUN), pods, "h2", "9", 3600, NOW, 0);
        assertThat(later.path("numberReady").asInt()).isEqualTo(1);
        assertThat(later.has("numberAvailable")).isFalse();
    }

    @Test
    void percentagesRoundUp() {
        assertThat(DaemonPlan.resolve(Json.parse("\"10%\"".getBytes()), 3, 1)).isEqualTo(1);
        assertThat(DaemonPlan.resolve(Json.parse("\"50%\"".getBytes()), 3, 1)).isEqualTo(2);
        assertThat(DaemonPlan.resolve(Json.parse("2".getBytes()), 3, 1)).isEqualTo(2);
        assertThat(DaemonPlan.resolve(null, 3, 1)).isEqualTo(1);
    }
}
