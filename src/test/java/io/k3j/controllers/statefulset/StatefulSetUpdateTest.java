package io.k3j.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StatefulSetUpdateTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    static final class Recorder implements PodControl {
        final List<String> actions = new ArrayList<>();
        final List<ObjectNode> created = new ArrayList<>();

        @Override
        public void createPod(ObjectNode set, ObjectNode pod) {
            actions.add("create " + Meta.name(pod));
            created.add(pod);
        }

        @Override
        public void deletePod(ObjectNode set, ObjectNode pod, boolean condemned) {
            actions.add("delete " + Meta.name(pod));
        }

        @Override
        public void updateIdentity(ObjectNode set, ObjectNode pod, int ordinal) {
            actions.add("update " + Meta.name(pod));
        }
    }

    static ObjectNode set(int replicas, String policy, int partition) {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"u1\","
                + "\"generation\":2},\"spec\":{\"replicas\":" + replicas + ",\"serviceName\":\"nginx\","
                + "\"podManagementPolicy\":\"" + policy + "\",\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                + "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":" + partition + "}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"image\":\"nginx\",\"volumeMounts\":[{\"name\":\"www\",\"mountPath\":\"/d\"}]}]}},"
                + "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
                + "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]}}").getBytes());
    }

    static final StatefulSetUpdate.Revs SAME = new StatefulSetUpdate.Revs("web-r1", Json.object(), "web-r1",
            Json.object(), 0);
    static final StatefulSetUpdate.Revs ROLL = new StatefulSetUpdate.Revs("web-r1", Json.object(), "web-r2",
            Json.object(), 0);

    static ObjectNode pod(ObjectNode set, int ordinal, String revision, String phase, boolean ready) {
        ObjectNode pod = StatefulPods.newPod(set, set.path("spec").path("template"), revision, ordinal);
        ObjectNode status = pod.putObject("status");
        status.put("phase", phase);
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "Ready");
        c.put("status", ready ? "True" : "False");
        c.put("lastTransitionTime", "2026-01-01T00:00:00Z");
        return pod;
    }

    static Recorder run(ObjectNode set, StatefulSetUpdate.Revs revs, List<ObjectNode> pods) {
        Recorder r = new Recorder();
        new StatefulSetUpdate(set, revs, NOW, r).run(pods);
        return r;
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeWaitingForReadiness() {
        ObjectNode set = set(3, "OrderedReady", 0);
        assertThat(run(set, SAME, List.of()).actions).containsExactly("create web-0");
        assertThat(run(set, SAME, List.of(pod(set, 0, "web-r1", "Pending", false))).actions).isEmpty();
        assertThat(run(set, SAME, List.of(pod(set, 0, "web-r1", "Running", true))).actions)
                .containsExactly("create web-1");
    }

    @Test
    void parallelCreatesAllMissingPods() {
        ObjectNode set = set(3, "Parallel", 0);
        assertThat(run(set, SAME, List.of(pod(set, 1, "web-r1", "Pending", false))).actions)
                .containsExactly("create web-0", "create web-2");
    }

    @Test
    void newPodHasStableIdentityAndClaimVolume() {
        ObjectNode set = set(1, "OrderedReady", 0);
        ObjectNode pod = run(set, SAME, List.of()).created.getFirst();
        assertThat(Meta.name(pod)).isEqualTo("web-0");
        assertThat(Meta.labels(pod)).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0").containsEntry("controller-revision-hash", "web-r1");
        assertThat(pod.path("spec").path("hostname").asString()).isEqualTo("web-0");
        assertThat(pod.path("spec").path("subdomain").asString()).isEqualTo("nginx");
        assertThat(pod.path("spec").path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asString())
                .isEqualTo("www-web-0");
        ObjectNode claim = StatefulPods.claims(set, 0).getFirst();
        assertThat(Meta.name(claim)).isEqualTo("www-web-0");
        assertThat(Meta.labels(claim)).containsEntry("app", "web");
        assertThat(claim.path("metadata").has("ownerReferences")).isFalse();
        ((ObjectNode) set.get("spec")).putObject("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Delete");
        assertThat(StatefulPods.claims(set, 0).getFirst().path("metadata").path("ownerReferences").get(0)
                .path("kind").asString()).isEqualTo("StatefulSet");
    }

    @Test
    void orderedScaleDownDeletesHighestFirstOneAtATime() {
        ObjectNode set = set(1, "OrderedReady", 0);
        List<ObjectNode> pods = List.of(pod(set, 0, "web-r1", "Running", true), pod(set, 1, "web-r1", "Running", true),
                pod(set, 2, "web-r1", "Running", true));
        assertThat(run(set, SAME, pods).actions).containsExactly("delete web-2");
        ObjectNode parallel = set(1, "Parallel", 0);
        assertThat(run(parallel, SAME, pods).actions).containsExactly("delete web-2", "delete web-1");
    }

    @Test
    void failedPodIsDeletedToBeRecreated() {
        ObjectNode set = set(2, "OrderedReady", 0);
        assertThat(run(set, SAME, List.of(pod(set, 0, "web-r1", "Failed", false))).actions)
                .containsExactly("delete web-0");
    }

    @Test
    void rollingUpdateReplacesHighestOrdinalFirstDownToThePartition() {
        ObjectNode set = set(3, "OrderedReady", 1);
        List<ObjectNode> old = List.of(pod(set, 0, "web-r1", "Running", true), pod(set, 1, "web-r1", "Running", true),
                pod(set, 2, "web-r1", "Running", true));
        assertThat(run(set, ROLL, old).actions).containsExactly("delete web-2");
        List<ObjectNode> one = List.of(old.get(0), old.get(1), pod(set, 2, "web-r2", "Running", false));
        assertThat(run(set, ROLL, one).actions).isEmpty();
        List<ObjectNode> two = List.of(old.get(0), old.get(1), pod(set, 2, "web-r2", "Running", true));
        assertThat(run(set, ROLL, two).actions).containsExactly("delete web-1");
        List<ObjectNode> done = List.of(old.get(0), pod(set, 1, "web-r2", "Running", true),
                pod(set, 2, "web-r2", "Running", true));
        Recorder r = new Recorder();
        StatefulSetUpdate.Result result = new StatefulSetUpdate(set, ROLL, NOW, r).run(done);
        assertThat(r.actions).isEmpty();
        assertThat(result.status().path("updatedReplicas").asInt()).isEqualTo(2);
        assertThat(result.status().path("currentReplicas").asInt()).isEqualTo(1);
        assertThat(result.status().path("currentRevision").asString()).isEqualTo("web-r1");
        assertThat(result.status().path("updateRevision").asString()).isEqualTo("web-r2");
    }

    @Test
    void podsBelowThePartitionAreRecreatedAtTheCurrentRevision() {
        ObjectNode set = set(3, "OrderedReady", 2);
        Recorder r = run(set, ROLL, List.of());
        assertThat(StatefulPods.revision(r.created.getFirst())).isEqualTo("web-r1");
        StatefulSetUpdate u = new StatefulSetUpdate(set, ROLL, NOW, new Recorder());
        assertThat(StatefulPods.revision(u.newVersionedPod(2))).isEqualTo("web-r2");
    }

    @Test
    void statusCountsReadyAvailableAndCompletesTheRollout() {
        ObjectNode set = set(2, "OrderedReady", 0);
        ((ObjectNode) set.get("spec")).put("minReadySeconds", 3600);
        List<ObjectNode> pods = List.of(pod(set, 0, "web-r2", "Running", true), pod(set, 1, "web-r2", "Running", true));
        StatefulSetUpdate.Result result = new StatefulSetUpdate(set, ROLL, NOW, new Recorder()).run(pods);
        ObjectNode s = result.status();
        assertThat(s.path("replicas").asInt()).isEqualTo(2);
        assertThat(s.path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(s.path("availableReplicas").asInt()).isEqualTo(0);
        assertThat(s.path("currentRevision").asString()).isEqualTo("web-r2");
        assertThat(s.path("currentReplicas").asInt()).isEqualTo(2);
        assertThat(s.path("observedGeneration").asLong()).isEqualTo(2);
        assertThat(result.requeueAfter()).isNotNull();
    }

    @Test
    void ordinalsParseOnlyForTheSet() {
        assertThat(StatefulPods.ordinal("web", "web-12")).isEqualTo(12);
        assertThat(StatefulPods.ordinal("web", "web-x")).isEqualTo(-1);
        assertThat(StatefulPods.ordinal("web", "webby-1")).isEqualTo(-1);
        assertThat(StatefulPods.ordinal("web-1", "web-1-0")).isEqualTo(0);
    }
}
