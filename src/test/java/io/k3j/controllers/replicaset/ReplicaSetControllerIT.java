package io.k3j.controllers.replicaset;

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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** ReplicaSets and ReplicationControllers against a real server with simulated nodes. */
class ReplicaSetControllerIT {

    static final Resource REPLICA_SETS = Resource.of("apps", "v1", "replicasets");
    static final Resource RCS = Resource.core("replicationcontrollers");
    static final Resource PODS = Resource.core("pods");
    static final Resource QUOTAS = Resource.core("resourcequotas");
    static final Resource NAMESPACES = Resource.core("namespaces");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(2);
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes());
    }

    static ObjectNode replicaSet(String ns, String name, int replicas, int minReadySeconds) {
        return parse("""
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"replicas":%d,"minReadySeconds":%d,"selector":{"matchLabels":{"app":"%s"}},
                  "template":{"metadata":{"labels":{"app":"%s","extra":"x"}},
                   "spec":{"nodeName":"sim-0","containers":[{"name":"c","image":"busybox"}]}}}}"""
                .formatted(name, ns, replicas, minReadySeconds, name, name));
    }

    static List<ObjectNode> pods(String ns, String app) {
        return client.listAll(PODS, ns, ListOptions.all().withLabelSelector("app=" + app)).stream()
                .filter(p -> !Meta.isDeleting(p)).toList();
    }

    static List<ObjectNode> owned(String ns, String app, String uid) {
        return pods(ns, app).stream().filter(p -> p.path("metadata").path("ownerReferences").path(0)
                .path("uid").asString("").equals(uid)).toList();
    }

    static JsonNode status(Resource r, String ns, String name) {
        return client.get(r, ns, name).path("status");
    }

    static ObjectNode orphan(String ns, String name, String app) {
        return client.create(PODS, ns, parse("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"nodeName":"sim-1","containers":[{"name":"c","image":"busybox"}]}}""".formatted(name, app)));
    }

    @Test
    void adoptsOrphansCreatesMissingDeletesSurplusAndReleasesNonMatchingPods() throws Exception {
        ObjectNode orphan = orphan("default", "stray", "rs1");
        ObjectNode rs = client.create(REPLICA_SETS, "default", replicaSet("default", "rs1", 3, 0));
        String uid = Meta.uid(rs);
        await(Duration.ofSeconds(20), () -> status(REPLICA_SETS, "default", "rs1").path("readyReplicas").asInt(0) == 3);
        List<ObjectNode> pods = owned("default", "rs1", uid);
        assertThat(pods).hasSize(3).anyMatch(p -> Meta.name(p).equals("stray"));
        assertThat(pods.stream().filter(p -> Meta.name(p).startsWith("rs1-"))).hasSize(2);
        JsonNode st = status(REPLICA_SETS, "default", "rs1");
        assertThat(st.path("replicas").asInt(0)).isEqualTo(3);
        assertThat(st.path("fullyLabeledReplicas").asInt(0)).isEqualTo(2); // the adopted pod lacks "extra"
        assertThat(st.path("availableReplicas").asInt(0)).isEqualTo(3);
        assertThat(st.path("observedGeneration").asLong(0)).isEqualTo(1);

        // a pod whose labels stop matching is released and replaced
        client.patch(PODS, "default", "stray", PatchType.MERGE, parse("{\"metadata\":{\"labels\":{\"app\":\"gone\"}}}"),
                PatchOptions.none());
        await(Duration.ofSeconds(20), () -> owned("default", "rs1", uid).size() == 3
                && client.get(PODS, "default", "stray").path("metadata").path("ownerReferences").isEmpty());
        assertThat(Meta.uid(client.get(PODS, "default", "stray"))).isEqualTo(Meta.uid(orphan));

        // deleted pods are replaced
        String victim = Meta.name(owned("default", "rs1", uid).get(0));
        client.delete(PODS, "default", victim);
        await(Duration.ofSeconds(20), () -> owned("default", "rs1", uid).size() == 3
                && owned("default", "rs1", uid).stream().noneMatch(p -> Meta.name(p).equals(victim)));

        // scaling down deletes the surplus, then up creates again
        client.patch(REPLICA_SETS, "default", "rs1", PatchType.MERGE, parse("{\"spec\":{\"replicas\":1}}"), PatchOptions.none());
        await(Duration.ofSeconds(20), () -> owned("default", "rs1", uid).size() == 1
                && status(REPLICA_SETS, "default", "rs1").path("replicas").asInt(0) == 1);
        Thread.sleep(300);
        assertThat(owned("default", "rs1", uid)).hasSize(1);
        client.patch(REPLICA_SETS, "default", "rs1", PatchType.MERGE, parse("{\"spec\":{\"replicas\":12}}"), PatchOptions.none());
        await(Duration.ofSeconds(20), () -> status(REPLICA_SETS, "default", "rs1").path("readyReplicas").asInt(0) == 12);
        Thread.sleep(300);
        assertThat(owned("default", "rs1", uid)).hasSize(12);
        assertThat(status(REPLICA_SETS, "default", "rs1").path("observedGeneration").asLong(0)).isEqualTo(3);
    }

    @Test
    void availabilityWaitsForMinReadySeconds() throws Exception {
        client.create(REPLICA_SETS, "default", replicaSet("default", "slow", 2, 2));
        await(Duration.ofSeconds(20), () -> status(REPLICA_SETS, "default", "slow").path("readyReplicas").asInt(0) == 2);
        assertThat(status(REPLICA_SETS, "default", "slow").path("availableReplicas").asInt(0)).isLessThan(2);
        await(Duration.ofSeconds(10), () -> status(REPLICA_SETS, "default", "slow").path("availableReplicas").asInt(0) == 2);
    }

    @Test
    void quotaRejectionSetsReplicaFailureUntilItClears() throws Exception {
        client.create(NAMESPACES, null, parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"quota\"}}"));
        client.create(QUOTAS, "quota", parse("""
                {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{"pods":"2"}}}"""));
        await(Duration.ofSeconds(10), () -> client.get(QUOTAS, "quota", "q").path("status").path("hard").has("pods"));
        client.create(REPLICA_SETS, "quota", replicaSet("quota", "capped", 3, 0));
        await(Duration.ofSeconds(20), () -> {
            JsonNode c = status(REPLICA_SETS, "quota", "capped").path("conditions").path(0);
            return c.path("type").asString("").equals("ReplicaFailure");
        });
        JsonNode c = status(REPLICA_SETS, "quota", "capped").path("conditions").path(0);
        assertThat(c.path("status").asString("")).isEqualTo("True");
        assertThat(c.path("reason").asString("")).isEqualTo("FailedCreate");
        assertThat(c.path("message").asString("")).contains("exceeded quota");
        assertThat(pods("quota", "capped")).hasSize(2);

        client.patch(QUOTAS, "quota", "q", PatchType.MERGE, parse("{\"spec\":{\"hard\":{\"pods\":\"5\"}}}"), PatchOptions.none());
        await(Duration.ofSeconds(40), () -> pods("quota", "capped").size() == 3
                && status(REPLICA_SETS, "quota", "capped").path("conditions").isEmpty());
    }

    @Test
    void replicationControllersKeepTheirPods() throws Exception {
        ObjectNode rc = client.create(RCS, "default", parse("""
                {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"legacy"},
                 "spec":{"replicas":2,"selector":{"app":"legacy"},
                  "template":{"metadata":{"labels":{"app":"legacy"}},
                   "spec":{"nodeName":"sim-1","containers":[{"name":"c","image":"busybox"}]}}}}"""));
        await(Duration.ofSeconds(20), () -> status(RCS, "default", "legacy").path("readyReplicas").asInt(0) == 2);
        assertThat(owned("default", "legacy", Meta.uid(rc))).hasSize(2).allSatisfy(p ->
                assertThat(p.path("metadata").path("ownerReferences").path(0).path("kind").asString(""))
                        .isEqualTo("ReplicationController"));
    }
}
