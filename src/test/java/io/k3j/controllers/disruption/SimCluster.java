package io.k3j.controllers.disruption;

import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.Transport;
import io.k3j.server.Server;
import io.k3j.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/** A server in the test JVM with three simulated nodes (sim-0 … sim-2), for the controllers' ITs. */
public final class SimCluster implements AutoCloseable {

    public final Path dir;
    public final Server server;
    public final ApiClient client;

    public SimCluster() throws IOException {
        dir = Files.createTempDirectory("k3j-sim-it");
        ServerConfig config = new ServerConfig(dir.resolve("data"), null, null, dir.resolve("k3s.yaml"), null,
                0, "127.0.0.1", null, List.of(), "sim-it", List.of(), List.of(), List.of(),
                "10.42.0.0/16", "10.43.0.0/16", "10.43.0.10", "cluster.local", null, List.of(),
                true, false, "vxlan", 3);
        server = new Server(config, Clock.systemUTC());
        server.start();
        client = new ApiClient(server.inProcessTransport());
    }

    /** A pod bound to {@code node} with one container. */
    public static ObjectNode pod(String name, String node, Map<String, String> labels) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata").put("name", name);
        ObjectNode l = meta.putObject("labels");
        labels.forEach(l::put);
        ObjectNode spec = pod.putObject("spec");
        spec.put("nodeName", node);
        spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return pod;
    }

    /** POSTs to a path and returns status code and body. */
    public Transport.Response post(String path, ObjectNode body) throws IOException {
        return server.inProcessTransport().send(new Transport.Request("POST", path, Map.of(),
                Map.of("content-type", "application/json", "accept", "application/json"), Json.bytes(body)));
    }

    public static void await(Duration max, BooleanSupplier condition) throws InterruptedException {
        TestCluster.await(max, condition);
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
