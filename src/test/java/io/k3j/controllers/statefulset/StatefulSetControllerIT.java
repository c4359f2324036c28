package io.k3j.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.controllers.Owners;
import io.k3j.controllers.Pods;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The StatefulSet controller in a real server with three simulated nodes (pods pinned to sim-0 by nodeName). */
class StatefulSetControllerIT {

    static final Resource STS = Resource.of("apps", "v1", "statefulsets");
    static final Resource PODS = Resource.core("pods");
    static final Resource PVCS = Resource.core("persistentvolumeclaims");
    static final Resource REVISIONS = Resource.of("apps", "v1", "controllerrevisions");
    static final Resource EVENTS = Resource.core("events");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30s");
            }
            Thread.sleep(50);
        }
    }

    static ObjectNode statefulSet(String name, int replicas, String image) {
        return (ObjectNode) Json.parse(("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\""
                + name + "\"},\"spec\":{\"replicas\":" + replicas + ",\"serviceName\":\"" + name + "\","
                + "\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{"
                + "\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"nodeName\":\"sim-0\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\","
                + "\"volumeMounts\":[{\"name\":\"www\",\"mountPath\":\"/data\"}]}]}},"
                + "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
                + "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]}}").getBytes());
    }

    static ObjectNode status(String name) {
        return (ObjectNode) client.get(STS, "default", name).path("status");
    }

    static String image(String pod) {
        return client.get(PODS, "default", pod).path("spec").path("containers").get(0).path("image").asString("");
    }

    @Test
    void orderedCreationClaimsScaleDownAndPartitionedRollingUpdate() throws Exception {
        List<String> added = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        List<String> predecessorReady = new CopyOnWriteArrayList<>();
        SharedInformer informer = SharedInformer.of(client, PODS, "default", Duration.ofMinutes(10));
        informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                String name = Meta.name(pod);
                if (!name.startsWith("web-")) {
                    return;
                }
                added.add(name);
                int ordinal = StatefulPods.ordinal("web", name);
                if (ordinal > 0) {
                    informer.indexer().get("default/web-" + (ordinal - 1))
                            .filter(p -> Pods.isReady(p) && !Meta.isDeleting(p))
                            .ifPresent(p -> predecessorReady.add(name));
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                if (Meta.name(pod).startsWith("web-")) {
                    deleted.add(Meta.name(pod));
                }
            }
        });
        informer.start();
        try {
            ObjectNode set = client.create(STS, "default", statefulSet("web", 3, "nginx:1"));
            await(() -> status("web").path("readyReplicas").asInt(0) == 3);
            assertThat(added).containsExactly("web-0", "web-1", "web-2");
            assertThat(predecessorReady).containsExactly("web-1", "web-2");
            for (int i = 0; i < 3; i++) {
                ObjectNode pod = client.get(PODS, "default", "web-" + i);
                assertThat(Meta.labels(pod)).containsEntry("statefulset.kubernetes.io/pod-name", "web-" + i)
                        .containsEntry("apps.kubernetes.io/pod-index", Integer.toString(i));
                assertThat(pod.path("spec").path("hostname").asString()).isEqualTo("web-" + i);
                assertThat(pod.path("spec").path("subdomain").asString()).isEqualTo("web");
                assertThat(Owners.isControlledBy(pod, Meta.uid(set))).isTrue();
                assertThat(pod.path("spec").path("volumes").get(0).path("persistentVolumeClaim").path("claimName")
                        .asString()).isEqualTo("www-web-" + i);
                ObjectNode claim = client.get(PVCS, "default", "www-web-" + i);
                assertThat(Meta.labels(claim)).containsEntry("app", "web");
                assertThat(claim.path("metadata").has("ownerReferences")).isFalse();
            }
            // A settled set is not written again and again.
            Thread.sleep(300);
            String rv = Meta.resourceVersion(client.get(STS, "default", "web"));
            Thread.sleep(1000);
            assertThat(Meta.resourceVersion(client.get(STS, "default", "web"))).isEqualTo(rv);
            ObjectNode s = status("web");
            assertThat(s.path("replicas").asInt(0)).isEqualTo(3);
            assertThat(s.path("availableReplicas").asInt()).isEqualTo(3);
            assertThat(s.path("currentRevision").asString()).isEqualTo(s.path("updateRevision").asString())
                    .startsWith("web-");
            assertThat(Meta.labels(client.get(PODS, "default", "web-0"))).containsEntry("controller-revision-hash",
                    s.path("currentRevision").asString());
            assertThat(client.listAll(EVENTS, "default", ListOptions.all()).stream().anyMatch(ev ->
                    ev.path("message").asString("").equals("create Pod web-0 in StatefulSet web successful")
                            && ev.path("reason").asString("").equals("SuccessfulCreate")
                            && ev.path("source").path("component").asString("").equals("statefulset-controller")))
                    .isTrue();

            // Partitioned rolling update: only ordinals >= 2 move to the new revision.
            String oldRevision = s.path("currentRevision").asString();
            client.patch(STS, "default", "web", PatchType.MERGE, Json.parse(("{\"spec\":{\"updateStrategy\":{"
                    + "\"rollingUpdate\":{\"partition\":2}},\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\","
                    + "\"image\":\"nginx:2\",\"volumeMounts\":[{\"name\":\"www\",\"mountPath\":\"/data\"}]}]}}}}")
                    .getBytes()), PatchOptions.none());
            await(() -> status("web").path("updatedReplicas").asInt(0) == 1
                    && status("web").path("readyReplicas").asInt(0) == 3);
            assertThat(image("web-2")).isEqualTo("nginx:2");
            assertThat(image("web-1")).isEqualTo("nginx:1");
            assertThat(image("web-0")).isEqualTo("nginx:1");
            assertThat(status("web").path("currentRevision").asString()).isEqualTo(oldRevision);
            assertThat(status("web").path("updateRevision").asString()).isNotEqualTo(oldRevision);
            assertThat(client.listAll(REVISIONS, "default", ListOptions.all()).stream()
                    .filter(r -> Owners.isControlledBy(r, Meta.uid(set))).count()).isEqualTo(2);

            deleted.clear();
            client.patch(STS, "default", "web", PatchType.MERGE,
                    Json.parse("{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}".getBytes()),
                    PatchOptions.none());
            await(() -> status("web").path("currentRevision").asString()
                    .equals(status("web").path("updateRevision").asString()));
            assertThat(deleted).containsExactly("web-1", "web-0");
            assertThat(image("web-0")).isEqualTo("nginx:2");

            // Scale down: highest ordinal first, claims kept (whenScaled: Retain).
            deleted.clear();
            client.patch(STS, "default", "web", PatchType.MERGE, Json.parse("{\"spec\":{\"replicas\":1}}".getBytes()),
                    PatchOptions.none());
            await(() -> status("web").path("replicas").asInt(0) == 1);
            assertThat(deleted).containsExactly("web-2", "web-1");
            assertThat(client.get(PVCS, "default", "www-web-2")).isNotNull();
        } finally {
            informer.stop();
        }
    }

    @Test
    void parallelCreatesAllPodsAndFailedPodsAreRecreated() throws Exception {
        ObjectNode spec = statefulSet("par", 3, "nginx:1");
        ((ObjectNode) spec.get("spec")).put("podManagementPolicy", "Parallel");
        ((ObjectNode) spec.get("spec")).putObject("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Delete");
        client.create(STS, "default", spec);
        await(() -> status("par").path("readyReplicas").asInt(0) == 3);
        assertThat(client.get(PVCS, "default", "www-par-1").path("metadata").path("ownerReferences").get(0)
                .path("kind").asString()).isEqualTo("StatefulSet");
        String uid = Meta.uid(client.get(PODS, "default", "par-1"));
        ObjectNode failed = client.get(PODS, "default", "par-1");
        ((ObjectNode) failed.get("status")).put("phase", "Failed");
        client.updateStatus(PODS, "default", failed);
        await(() -> {
            try {
                ObjectNode pod = client.get(PODS, "default", "par-1");
                return !Meta.uid(pod).equals(uid) && Pods.isReady(pod);
            } catch (io.k3j.api.ApiException e) {
                return false;
            }
        });
    }

    @Test
    void orphanPodWithTheSetsNameAndLabelsIsAdoptedAndKeptUnderOnDelete() throws Exception {
        ObjectNode orphan = (ObjectNode) Json.parse(("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
                + "\"name\":\"adopt-0\",\"labels\":{\"app\":\"adopt\"}},\"spec\":{\"nodeName\":\"sim-0\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}").getBytes());
        String uid = Meta.uid(client.create(PODS, "default", orphan));
        ObjectNode spec = statefulSet("adopt", 2, "nginx:1");
        // Under RollingUpdate the adopted pod, carrying no revision, would be replaced as upstream does.
        ((ObjectNode) spec.get("spec")).putObject("updateStrategy").put("type", "OnDelete");
        ObjectNode set = client.create(STS, "default", spec);
        await(() -> status("adopt").path("readyReplicas").asInt(0) == 2);
        ObjectNode pod = client.get(PODS, "default", "adopt-0");
        assertThat(Meta.uid(pod)).isEqualTo(uid);
        assertThat(Owners.isControlledBy(pod, Meta.uid(set))).isTrue();
    }
}
