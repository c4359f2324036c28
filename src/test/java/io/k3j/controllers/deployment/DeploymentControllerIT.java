package io.k3j.controllers.deployment;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Deployments and ReplicaSets against a real server with three simulated nodes. */
class DeploymentControllerIT {

    static final Resource DEPLOYMENTS = Resource.of("apps", "v1", "deployments");
    static final Resource REPLICA_SETS = Resource.of("apps", "v1", "replicasets");
    static final Resource PODS = Resource.core("pods");
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

    static ObjectNode deployment(String name, int replicas, String image, String strategy) {
        ObjectNode d = (ObjectNode) Json.parse(("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"default"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"%s"}},"strategy":{"type":"%s"},
                  "template":{"metadata":{"labels":{"app":"%s"}},
                   "spec":{"nodeName":"sim-%d","containers":[{"name":"c","image":"%s"}]}}}}""")
                .formatted(name, replicas, name, strategy, name, Math.abs(name.hashCode()) % 3, image).getBytes());
        return d;
    }

    static ObjectNode get(String name) {
        return client.get(DEPLOYMENTS, "default", name);
    }

    static void patch(String name, String json) {
        client.patch(DEPLOYMENTS, "default", name, PatchType.MERGE, Json.parse(json.getBytes()), PatchOptions.none());
    }

    static void setImage(String name, String image) {
        patch(name, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    /** The replica sets in the order of the revisions they first had (creation times have whole seconds only). */
    static List<ObjectNode> replicaSets(String app) {
        return client.listAll(REPLICA_SETS, "default", ListOptions.all().withLabelSelector("app=" + app)).stream()
                .sorted(Comparator.comparingLong(rs -> firstRevision(rs))).toList();
    }

    static long firstRevision(JsonNode rs) {
        String history = rs.path("metadata").path("annotations").path("deployment.kubernetes.io/revision-history")
                .asString("");
        return Long.parseLong(history.isEmpty() ? revision(rs) : history.split(",")[0]);
    }

    static List<ObjectNode> pods(String app) {
        return client.listAll(PODS, "default", ListOptions.all().withLabelSelector("app=" + app));
    }

    static String revision(JsonNode o) {
        return o.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asString("");
    }

    static String image(JsonNode rs) {
        return rs.path("spec").path("template").path("spec").path("containers").path(0).path("image").asString("");
    }

    static int spec(JsonNode rs) {
        return rs.path("spec").path("replicas").asInt(0);
    }

    /** The rollout finished: every replica updated and available, as kubectl rollout status judges it. */
    static boolean rolledOut(String name, int replicas) {
        JsonNode d = get(name);
        JsonNode s = d.path("status");
        return s.path("observedGeneration").asLong(0) >= d.path("metadata").path("generation").asLong(0)
                && s.path("updatedReplicas").asInt(0) == replicas && s.path("replicas").asInt(0) == replicas
                && s.path("availableReplicas").asInt(0) == replicas;
    }

    static JsonNode condition(JsonNode d, String type) {
        for (JsonNode c : d.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c;
            }
        }
        return null;
    }

    static List<String> eventMessages(String kind, String name) {
        return client.listAll(EVENTS, "default", ListOptions.all()).stream()
                .filter(e -> e.path("involvedObject").path("kind").asString("").equals(kind)
                        && e.path("involvedObject").path("name").asString("").equals(name))
                .map(e -> e.path("source").path("component").asString("") + " " + e.path("reason").asString("") + " "
                        + e.path("message").asString("")).toList();
    }

    @Test
    void rollingUpdateScalesRollsOutKeepsHistoryAndReusesTheOldReplicaSetOnUndo() throws Exception {
        client.create(DEPLOYMENTS, "default", deployment("web", 3, "nginx:1.27", "RollingUpdate"));
        await(Duration.ofSeconds(20), () -> rolledOut("web", 3));
        List<ObjectNode> sets = replicaSets("web");
        assertThat(sets).hasSize(1);
        ObjectNode first = sets.get(0);
        String hash = first.path("metadata").path("labels").path("pod-template-hash").asString("");
        assertThat(Meta.name(first)).isEqualTo("web-" + hash);
        assertThat(first.path("spec").path("selector").path("matchLabels").path("pod-template-hash").asString(""))
                .isEqualTo(hash);
        assertThat(revision(first)).isEqualTo("1");
        assertThat(first.path("metadata").path("annotations").path("deployment.kubernetes.io/desired-replicas")
                .asString("")).isEqualTo("3");
        assertThat(first.path("metadata").path("annotations").path("deployment.kubernetes.io/max-replicas")
                .asString("")).isEqualTo("4");
        assertThat(first.path("metadata").path("ownerReferences").path(0).path("kind").asString("")).isEqualTo("Deployment");
        assertThat(pods("web")).hasSize(3).allSatisfy(p -> {
            assertThat(p.path("metadata").path("labels").path("pod-template-hash").asString("")).isEqualTo(hash);
            assertThat(p.path("metadata").path("ownerReferences").path(0).path("name").asString(""))
                    .isEqualTo(Meta.name(first));
        });
        ObjectNode d = get("web");
        assertThat(revision(d)).isEqualTo("1");
        assertThat(condition(d, "Available").path("reason").asString("")).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition(d, "Progressing").path("reason").asString("")).isEqualTo("NewReplicaSetAvailable");

        patch("web", "{\"spec\":{\"replicas\":10}}");
        await(Duration.ofSeconds(20), () -> rolledOut("web", 10));
        assertThat(replicaSets("web")).hasSize(1);

        setImage("web", "nginx:1.28");
        await(Duration.ofSeconds(30), () -> rolledOut("web", 10) && replicaSets("web").size() == 2
                && spec(replicaSets("web").get(0)) == 0);
        sets = replicaSets("web");
        assertThat(Meta.name(sets.get(0))).isEqualTo(Meta.name(first));
        assertThat(spec(sets.get(1))).isEqualTo(10);
        assertThat(image(sets.get(1))).isEqualTo("nginx:1.28");
        assertThat(revision(sets.get(1))).isEqualTo("2");
        String second = Meta.name(sets.get(1));
        assertThat(revision(get("web"))).isEqualTo("2");
        await(Duration.ofSeconds(10), () -> pods("web").size() == 10
                && pods("web").stream().allMatch(p -> p.path("spec").path("containers").path(0).path("image").asString("")
                        .equals("nginx:1.28")));

        // kubectl rollout undo: the template goes back, and the first replica set comes back as revision 3
        setImage("web", "nginx:1.27");
        await(Duration.ofSeconds(30), () -> rolledOut("web", 10) && spec(replicaSets("web").get(1)) == 0);
        sets = replicaSets("web");
        assertThat(sets).hasSize(2);
        assertThat(Meta.name(sets.get(0))).isEqualTo(Meta.name(first));
        assertThat(spec(sets.get(0))).isEqualTo(10);
        assertThat(revision(sets.get(0))).isEqualTo("3");
        assertThat(sets.get(0).path("metadata").path("annotations").path("deployment.kubernetes.io/revision-history")
                .asString("")).isEqualTo("1");
        assertThat(revision(get("web"))).isEqualTo("3");

        // events are recorded asynchronously: the last scale-down may land after the rollout is observed
        String firstName = Meta.name(first);
        await(Duration.ofSeconds(10), () -> {
            List<String> messages = eventMessages("Deployment", "web");
            return messages.stream().anyMatch(m -> m.matches(".* Scaled down replica set " + second + " from [1-9][0-9]* to 0"))
                    && messages.stream().anyMatch(m -> m.matches(".* Scaled down replica set " + firstName
                            + " from [1-9][0-9]* to 0"));
        });
        assertThat(eventMessages("Deployment", "web")).contains(
                "deployment-controller ScalingReplicaSet Scaled up replica set " + Meta.name(first) + " from 0 to 3",
                "deployment-controller ScalingReplicaSet Scaled up replica set " + Meta.name(first) + " from 3 to 10",
                "deployment-controller ScalingReplicaSet Scaled up replica set " + second + " from 0 to 3")
                .anyMatch(m -> m.matches("deployment-controller ScalingReplicaSet Scaled down replica set "
                        + Meta.name(first) + " from [1-9][0-9]* to 0"))
                .anyMatch(m -> m.matches("deployment-controller ScalingReplicaSet Scaled down replica set "
                        + second + " from [1-9][0-9]* to 0"));
        assertThat(eventMessages("ReplicaSet", Meta.name(first)))
                .anyMatch(m -> m.startsWith("replicaset-controller SuccessfulCreate Created pod: " + Meta.name(first) + "-"))
                .anyMatch(m -> m.startsWith("replicaset-controller SuccessfulDelete Deleted pod: " + Meta.name(first) + "-"));
    }

    @Test
    void revisionHistoryLimitDeletesTheOldestEmptyReplicaSets() throws Exception {
        ObjectNode d = deployment("hist", 1, "busybox:1", "RollingUpdate");
        ((ObjectNode) d.get("spec")).put("revisionHistoryLimit", 1);
        client.create(DEPLOYMENTS, "default", d);
        await(Duration.ofSeconds(20), () -> rolledOut("hist", 1));
        for (int i = 2; i <= 4; i++) {
            setImage("hist", "busybox:" + i);
            int n = i;
            await(Duration.ofSeconds(20), () -> rolledOut("hist", 1) && revision(get("hist")).equals(Integer.toString(n)));
        }
        await(Duration.ofSeconds(20), () -> replicaSets("hist").size() == 2);
        List<ObjectNode> sets = replicaSets("hist");
        assertThat(sets.stream().map(DeploymentControllerIT::revision)).containsExactlyInAnyOrder("3", "4");

        // settled: the controllers do not keep rewriting what they own
        Thread.sleep(500);
        String before = Meta.resourceVersion(get("hist")) + " " + replicaSets("hist").stream().map(Meta::resourceVersion).toList();
        Thread.sleep(1500);
        assertThat(Meta.resourceVersion(get("hist")) + " " + replicaSets("hist").stream().map(Meta::resourceVersion).toList())
                .isEqualTo(before);
    }

    @Test
    void recreateScalesTheOldReplicaSetToZeroBeforeCreatingTheNewOne() throws Exception {
        client.create(DEPLOYMENTS, "default", deployment("batch", 2, "busybox:1", "Recreate"));
        await(Duration.ofSeconds(20), () -> rolledOut("batch", 2));
        setImage("batch", "busybox:2");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(rolledOut("batch", 2) && replicaSets("batch").size() == 2)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            List<ObjectNode> sets = replicaSets("batch");
            assertThat(sets.stream().filter(rs -> spec(rs) > 0).count()).isLessThanOrEqualTo(1);
            if (sets.size() == 2 && spec(sets.get(1)) > 0) {
                // the new replica set only grows once no old pod is left
                assertThat(pods("batch")).noneMatch(p -> p.path("metadata").path("labels").path("pod-template-hash")
                        .asString("").equals(sets.get(0).path("metadata").path("labels").path("pod-template-hash").asString(""))
                        && !p.path("metadata").has("deletionTimestamp"));
            }
            Thread.sleep(20);
        }
        List<ObjectNode> sets = replicaSets("batch");
        assertThat(spec(sets.get(0))).isZero();
        assertThat(spec(sets.get(1))).isEqualTo(2);
        assertThat(image(sets.get(1))).isEqualTo("busybox:2");
    }

    @Test
    void pausedDeploymentScalesButDoesNotRollOutUntilResumed() throws Exception {
        client.create(DEPLOYMENTS, "default", deployment("paused", 2, "busybox:1", "RollingUpdate"));
        await(Duration.ofSeconds(20), () -> rolledOut("paused", 2));
        patch("paused", "{\"spec\":{\"paused\":true}}");
        await(Duration.ofSeconds(10), () -> "DeploymentPaused".equals(
                condition(get("paused"), "Progressing").path("reason").asString("")));
        setImage("paused", "busybox:2");
        patch("paused", "{\"spec\":{\"replicas\":4}}");
        await(Duration.ofSeconds(20), () -> replicaSets("paused").size() == 1 && spec(replicaSets("paused").get(0)) == 4
                && get("paused").path("status").path("availableReplicas").asInt(0) == 4);
        Thread.sleep(500);
        assertThat(replicaSets("paused")).hasSize(1);
        assertThat(image(replicaSets("paused").get(0))).isEqualTo("busybox:1");
        assertThat(get("paused").path("status").path("observedGeneration").asLong(0))
                .isEqualTo(get("paused").path("metadata").path("generation").asLong(0));

        patch("paused", "{\"spec\":{\"paused\":false}}");
        await(Duration.ofSeconds(30), () -> rolledOut("paused", 4) && replicaSets("paused").size() == 2
                && spec(replicaSets("paused").get(0)) == 0);
        assertThat(image(replicaSets("paused").get(1))).isEqualTo("busybox:2");
        assertThat(condition(get("paused"), "Progressing").path("reason").asString("")).isEqualTo("NewReplicaSetAvailable");
    }

    static void setNode(String name, String node) {
        patch(name, "{\"spec\":{\"template\":{\"spec\":{\"nodeName\":\"" + node + "\"}}}}");
    }

    @Test
    void scalingDuringAStuckRolloutIsProportional() throws Exception {
        client.create(DEPLOYMENTS, "default", deployment("prop", 10, "busybox:1", "RollingUpdate"));
        await(Duration.ofSeconds(20), () -> rolledOut("prop", 10));
        // the new pods are bound to a node that does not exist, so they never become ready
        setNode("prop", "nowhere");
        await(Duration.ofSeconds(20), () -> replicaSets("prop").size() == 2 && spec(replicaSets("prop").get(0)) == 8
                && spec(replicaSets("prop").get(1)) == 5);
        Thread.sleep(500);
        assertThat(replicaSets("prop").stream().map(DeploymentControllerIT::spec)).containsExactly(8, 5);
        patch("prop", "{\"spec\":{\"replicas\":20}}");
        // max-replicas was 13; the new maximum is 25: 8 -> round(8*25/13) = 15 and 5 -> round(5*25/13) = 10
        await(Duration.ofSeconds(20), () -> spec(replicaSets("prop").get(0)) == 15 && spec(replicaSets("prop").get(1)) == 10);
        Thread.sleep(500);
        assertThat(replicaSets("prop").stream().map(DeploymentControllerIT::spec)).containsExactly(15, 10);
        assertThat(replicaSets("prop")).allSatisfy(rs -> assertThat(rs.path("metadata").path("annotations")
                .path("deployment.kubernetes.io/max-replicas").asString("")).isEqualTo("25"));
    }

    @Test
    void progressDeadlineExceeded() throws Exception {
        ObjectNode d = deployment("late", 2, "busybox:1", "RollingUpdate");
        ((ObjectNode) d.get("spec")).put("progressDeadlineSeconds", 2);
        ((ObjectNode) d.path("spec").path("template").path("spec")).put("nodeName", "nowhere");
        client.create(DEPLOYMENTS, "default", d);
        await(Duration.ofSeconds(15), () -> {
            JsonNode c = condition(get("late"), "Progressing");
            return c != null && c.path("reason").asString("").equals("ProgressDeadlineExceeded");
        });
        JsonNode c = condition(get("late"), "Progressing");
        assertThat(c.path("status").asString("")).isEqualTo("False");
        assertThat(c.path("message").asString("")).matches("ReplicaSet \"late-[a-z0-9]+\" has timed out progressing\\.");
        assertThat(condition(get("late"), "Available").path("reason").asString("")).isEqualTo("MinimumReplicasUnavailable");
        assertThat(get("late").path("status").path("unavailableReplicas").asInt(0)).isEqualTo(2);
    }
}
