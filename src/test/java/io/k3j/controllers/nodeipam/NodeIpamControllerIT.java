package io.k3j.controllers.nodeipam;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The node IPAM controller in a server with two simulated nodes (sim-0 and sim-1 bring their own /24s). */
class NodeIpamControllerIT {

    static final Resource NODES = Resource.core("nodes");
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

    static ObjectNode node(String name, String podCidr) {
        ObjectNode n = Json.object().put("apiVersion", "v1").put("kind", "Node");
        n.putObject("metadata").put("name", name);
        if (podCidr != null) {
            n.putObject("spec").put("podCIDR", podCidr).putArray("podCIDRs").add(podCidr);
        }
        return n;
    }

    static String podCidr(String name) {
        return client.get(NODES, null, name).path("spec").path("podCIDR").asString("");
    }

    @Test
    void nodesWithoutAPodCidrGetFreeOnesFromTheClusterCidr() throws Exception {
        await(Duration.ofSeconds(20), () -> !podCidr("sim-1").isEmpty());
        client.create(NODES, null, node("preset", "10.42.2.0/24"));
        ObjectNode listOnly = node("preset-list", null);
        listOnly.putObject("spec").putArray("podCIDRs").add("10.42.3.0/24");
        client.create(NODES, null, listOnly);
        client.create(NODES, null, node("ipam-a", null));
        client.create(NODES, null, node("ipam-b", null));
        await(Duration.ofSeconds(20), () -> !podCidr("ipam-a").isEmpty() && !podCidr("ipam-b").isEmpty());
        Set<String> all = new HashSet<>();
        for (String n : List.of("sim-0", "sim-1", "preset", "ipam-a", "ipam-b")) {
            all.add(podCidr(n));
        }
        assertThat(all).hasSize(5).doesNotContain("10.42.3.0/24");
        // a node that names its range only in podCIDRs keeps it
        assertThat(client.get(NODES, null, "preset-list").path("spec").path("podCIDRs").toString())
                .isEqualTo("[\"10.42.3.0/24\"]");
        assertThat(podCidr("ipam-a")).matches("10\\.42\\.\\d+\\.0/24");
        assertThat(client.get(NODES, null, "ipam-b").path("spec").path("podCIDRs").get(0).asString())
                .isEqualTo(podCidr("ipam-b"));
        assertThat(podCidr("sim-0")).isEqualTo("10.42.0.0/24");
        assertThat(podCidr("preset")).isEqualTo("10.42.2.0/24");
    }
}
