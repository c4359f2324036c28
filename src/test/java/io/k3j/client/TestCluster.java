package io.k3j.client;

import io.k3j.server.Server;
import io.k3j.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A real API server in this JVM, on a random port with its own data dir, for client tests. */
public final class TestCluster implements AutoCloseable {

    public final Path dir;
    public Server server;
    public final ServerConfig config;

    public TestCluster() throws IOException {
        this(0);
    }

    /** With {@code simulatedNodes} simulated nodes (sim-0 …). */
    public TestCluster(int simulatedNodes) throws IOException {
        dir = Files.createTempDirectory("k3j-client-it");
        config = new ServerConfig(dir.resolve("data"), null, null, dir.resolve("k3s.yaml"), null,
                0, "127.0.0.1", null, List.of(), "client-it", List.of(), List.of(), List.of(),
                "10.42.0.0/16", "10.43.0.0/16", "10.43.0.10", "cluster.local", null, List.of(),
                true, false, "vxlan", simulatedNodes);
        server = new Server(config, Clock.systemUTC());
        server.start();
    }

    /** Polls {@code condition} until it holds; fails the test after {@code max}. */
    public static void await(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the server and starts it again on the same data dir (its watch caches start afresh). */
    public void restart() {
        server.close();
        server = new Server(config, Clock.systemUTC());
        server.start();
    }

    public ApiClient inProcess() {
        return new ApiClient(server.inProcessTransport());
    }

    /** A client over HTTPS with the admin client certificate. */
    public ApiClient https() throws IOException {
        Path tls = config.tlsDir();
        return new ApiClient(HttpTransport.withClientCertificate(
                URI.create("https://127.0.0.1:" + server.address().getPort()),
                Files.readString(tls.resolve("server-ca.crt")), Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key"))));
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
