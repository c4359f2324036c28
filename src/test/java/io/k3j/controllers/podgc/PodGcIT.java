package io.k3j.controllers.podgc;

import static io.k3j.controllers.disruption.SimCluster.await;
import static io.k3j.controllers.disruption.SimCluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.controllers.ControllerManager;
import io.k3j.controllers.disruption.SimCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The pod garbage collector with a threshold of 2 and a 1 s quarantine, against simulated nodes. */
class PodGcIT {

    static final Resource PODS = Resource.core("pods");
    static SimCluster cluster;
    static ApiClient client;
    static ControllerManager manager;

    @BeforeAll
    static void start() throws Exception {
        cluster = new SimCluster();
        client = cluster.client;
        manager = new ControllerManager("test-podgc", client, Clock.systemUTC(),
                List.of(new PodGcController(2, Duration.ofMillis(500), Duration.ofSeconds(1))), false, "test");
        manager.start();
    }

    @AfterAll
    static void stop() throws Exception {
        manager.close();
        cluster.close();
    }

    static boolean exists(String name) {
        try {
            client.get(PODS, "default", name);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    static ObjectNode finishing(String name) {
        ObjectNode p = pod(name, "sim-0", Map.of());
        ((ObjectNode) p.get("metadata")).putObject("annotations").put("k3j.io/simulated-runtime", "1s");
        ((ObjectNode) p.get("spec")).put("restartPolicy", "Never");
        return p;
    }

    static String phase(String name) {
        return client.get(PODS, "default", name).path("status").path("phase").asString("");
    }

    @Test
    void terminatedPodsBeyondTheThresholdGoOldestFirst() throws Exception {
        client.create(PODS, "default", finishing("old-a"));
        client.create(PODS, "default", finishing("old-b"));
        Thread.sleep(1100);
        client.create(PODS, "default", finishing("new-c"));
        client.create(PODS, "default", finishing("new-d"));
        await(Duration.ofSeconds(20), () -> !exists("old-a") && !exists("old-b"));
        Thread.sleep(1000);
        assertThat(exists("new-c") && exists("new-d")).isTrue();
        assertThat(phase("new-c")).isEqualTo("Succeeded");
    }

    @Test
    void podsOfAVanishedNodeAreDeletedAfterTheQuarantine() throws Exception {
        ObjectNode node = Json.object();
        node.putObject("metadata").put("name", "ghost");
        client.create(Resource.core("nodes"), null, node);
        client.create(PODS, "default", pod("haunted", "ghost", Map.of()));
        Thread.sleep(1500);
        assertThat(exists("haunted")).isTrue();
        client.delete(Resource.core("nodes"), null, "ghost");
        long t0 = System.nanoTime();
        await(Duration.ofSeconds(15), () -> !exists("haunted"));
        assertThat(System.nanoTime() - t0).isGreaterThan(Duration.ofMillis(900).toNanos());
    }
}
