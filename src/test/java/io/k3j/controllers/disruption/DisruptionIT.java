package io.k3j.controllers.disruption;

import static io.k3j.controllers.disruption.SimCluster.await;
import static io.k3j.controllers.disruption.SimCluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.Transport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DisruptionIT {

    static final Resource PODS = Resource.core("pods");
    static final Resource PDBS = DisruptionController.PDBS;
    static SimCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new SimCluster();
        client = cluster.client;
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode pdb(String name, String field, Object value, String app) {
        ObjectNode pdb = Json.object();
        pdb.putObject("metadata").put("name", name);
        ObjectNode spec = pdb.putObject("spec");
        if (value instanceof Integer i) {
            spec.put(field, i);
        } else {
            spec.put(field, (String) value);
        }
        spec.putObject("selector").putObject("matchLabels").put("app", app);
        return pdb;
    }

    static Transport.Response evict(String ns, String name) throws Exception {
        ObjectNode eviction = Json.object();
        eviction.put("apiVersion", "policy/v1");
        eviction.put("kind", "Eviction");
        eviction.putObject("metadata").put("name", name).put("namespace", ns);
        return cluster.post("/api/v1/namespaces/" + ns + "/pods/" + name + "/eviction", eviction);
    }

    static JsonNode status(String ns, String name) {
        return client.get(PDBS, ns, name).path("status");
    }

    static boolean running(String ns, String name) {
        ObjectNode p = client.get(PODS, ns, name);
        return p.path("status").path("phase").asString("").equals("Running");
    }

    static boolean gone(String ns, String name) {
        try {
            client.get(PODS, ns, name);
            return false;
        } catch (ApiException e) {
            return e.status().code() == 404;
        }
    }

    @Test
    void evictionIsRefusedWhileTheBudgetAllowsNoDisruptionAndTakesOneWhenItDoes() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.create(PODS, "default", pod("web-" + i, "sim-" + i, Map.of("app", "web")));
        }
        await(Duration.ofSeconds(15), () -> running("default", "web-0") && running("default", "web-1")
                && running("default", "web-2"));
        client.create(PDBS, "default", pdb("web", "minAvailable", 3, "web"));
        await(Duration.ofSeconds(15), () -> status("default", "web").path("currentHealthy").asInt(-1) == 3);
        JsonNode s = status("default", "web");
        assertThat(s.path("expectedPods").asInt(-1)).isEqualTo(3);
        assertThat(s.path("desiredHealthy").asInt(-1)).isEqualTo(3);
        assertThat(s.path("disruptionsAllowed").asInt(-1)).isZero();
        assertThat(s.path("observedGeneration").asLong(-1)).isEqualTo(1);
        assertThat(s.path("conditions").get(0).path("type").asString()).isEqualTo("DisruptionAllowed");
        assertThat(s.path("conditions").get(0).path("status").asString()).isEqualTo("False");
        assertThat(s.path("conditions").get(0).path("reason").asString()).isEqualTo("InsufficientPods");

        Transport.Response refused = evict("default", "web-0");
        assertThat(refused.status()).isEqualTo(429);
        JsonNode body = Json.parse(refused.body());
        assertThat(body.path("reason").asString()).isEqualTo("TooManyRequests");
        assertThat(body.path("message").asString())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(body.path("details").path("causes").get(0).path("reason").asString()).isEqualTo("DisruptionBudget");
        assertThat(body.path("details").path("causes").get(0).path("message").asString())
                .isEqualTo("The disruption budget web needs 3 healthy pods and has 3 currently");
        assertThat(gone("default", "web-0")).isFalse();

        client.patch(PDBS, "default", "web", PatchType.MERGE, Json.parse("{\"spec\":{\"minAvailable\":2}}".getBytes()),
                PatchOptions.none());
        await(Duration.ofSeconds(15), () -> status("default", "web").path("observedGeneration").asLong(-1) == 2
                && status("default", "web").path("disruptionsAllowed").asInt(-1) == 1);
        assertThat(status("default", "web").path("conditions").get(0).path("reason").asString())
                .isEqualTo("SufficientPods");

        Transport.Response ok = evict("default", "web-0");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(Json.parse(ok.body()).path("status").asString()).isEqualTo("Success");
        await(Duration.ofSeconds(15), () -> gone("default", "web-0"));
        // the budget is used up: the next eviction is refused
        await(Duration.ofSeconds(15), () -> status("default", "web").path("currentHealthy").asInt(-1) == 2
                && status("default", "web").path("expectedPods").asInt(-1) == 2);
        assertThat(status("default", "web").path("disruptedPods").isEmpty()).isTrue();
        assertThat(evict("default", "web-1").status()).isEqualTo(429);
    }

    @Test
    void podsWithoutABudgetOrNotRunningAreEvictedFreelyAndTwoBudgetsAreRefused() throws Exception {
        client.create(PODS, "default", pod("free", "sim-0", Map.of("app", "free")));
        await(Duration.ofSeconds(15), () -> running("default", "free"));
        assertThat(evict("default", "free").status()).isEqualTo(201);
        await(Duration.ofSeconds(15), () -> gone("default", "free"));

        // no node can take it: stays Pending, so its budget does not matter
        ObjectNode pending = pod("pending", "sim-0", Map.of("app", "pending"));
        ((ObjectNode) pending.get("spec")).remove("nodeName");
        ((ObjectNode) pending.get("spec")).putObject("nodeSelector").put("k3j.test/no-such-node", "true");
        client.create(PODS, "default", pending);
        client.create(PDBS, "default", pdb("pending", "minAvailable", 1, "pending"));
        assertThat(evict("default", "pending").status()).isEqualTo(201);

        client.create(PODS, "default", pod("twice", "sim-1", Map.of("app", "twice")));
        await(Duration.ofSeconds(15), () -> running("default", "twice"));
        client.create(PDBS, "default", pdb("twice-a", "maxUnavailable", 1, "twice"));
        client.create(PDBS, "default", pdb("twice-b", "minAvailable", 0, "twice"));
        Transport.Response refused = evict("default", "twice");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(new String(refused.body())).contains("This pod has more than one PodDisruptionBudget, which the"
                + " eviction subresource does not support.").doesNotContain("Exception");

        ObjectNode wrongName = Json.object();
        wrongName.put("apiVersion", "policy/v1").put("kind", "Eviction").putObject("metadata").put("name", "other");
        assertThat(cluster.post("/api/v1/namespaces/default/pods/twice/eviction", wrongName).status()).isEqualTo(400);
        assertThat(evict("default", "nosuchpod").status()).isEqualTo(404);
    }

    @Test
    void percentagesUseTheScaleOfThePodsController() throws Exception {
        ObjectNode rs = (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"rs\"},\"spec\":{\"replicas\":4,"
                + "\"selector\":{\"matchLabels\":{\"app\":\"scaled\"}},\"template\":{\"metadata\":{\"labels\":"
                + "{\"app\":\"scaled\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}")
                .getBytes());
        ObjectNode created = client.create(Resource.of("apps", "v1", "replicasets"), "default", rs);
        for (int i = 0; i < 3; i++) {
            ObjectNode p = pod("scaled-" + i, "sim-" + i, Map.of("app", "scaled"));
            ((ObjectNode) p.get("metadata")).putArray("ownerReferences").addObject().put("apiVersion", "apps/v1")
                    .put("kind", "ReplicaSet").put("name", "rs").put("uid", created.path("metadata").path("uid")
                            .asString()).put("controller", true);
            client.create(PODS, "default", p);
        }
        client.create(PDBS, "default", pdb("scaled", "maxUnavailable", "50%", "scaled"));
        // the ReplicaSet controller adopts the three pods and adds the fourth
        await(Duration.ofSeconds(20), () -> status("default", "scaled").path("currentHealthy").asInt(-1) == 4);
        JsonNode s = status("default", "scaled");
        assertThat(s.path("expectedPods").asInt(-1)).isEqualTo(4);
        assertThat(s.path("desiredHealthy").asInt(-1)).isEqualTo(2);
        assertThat(s.path("disruptionsAllowed").asInt(-1)).isEqualTo(2);

        client.create(PDBS, "default", pdb("min-pct", "minAvailable", "100%", "scaled-none"));
        await(Duration.ofSeconds(15), () -> status("default", "min-pct").has("expectedPods"));
        assertThat(status("default", "min-pct").path("disruptionsAllowed").asInt(-1)).isZero();
    }
}
