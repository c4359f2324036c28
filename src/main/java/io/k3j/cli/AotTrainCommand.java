package io.k3j.cli;

import io.k3j.pki.ClientTls;
import io.k3j.server.Server;
import io.k3j.server.ServerConfig;
import io.k3j.storage.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code k3s aot-train} (hidden): a short, throw-away server run that exercises start-up, TLS
 * and the datastore, so a JVM started with {@code -XX:AOTCacheOutput} can record an
 * ahead-of-time cache that later server starts load. The launcher runs it once per jar.
 */
@Command(name = "aot-train", hidden = true, description = "Exercise start-up paths for the JVM's AOT cache")
public final class AotTrainCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("k3j-aot-train");
        try {
            ServerConfig config = new ServerConfig(dir.resolve("data"), null, null, dir.resolve("k3s.yaml"), null,
                    0, "127.0.0.1", null, List.of(), "aot-train", List.of(), List.of(), List.of(),
                    "10.42.0.0/16", "10.43.0.0/16", "10.43.0.10", "cluster.local", null, List.of(),
                    false, false, "vxlan");
            try (Server server = new Server(config, Clock.systemUTC())) {
                server.start();
                exercise(server.backend());
                Path tls = config.tlsDir();
                HttpClient client = HttpClient.newBuilder().sslContext(ClientTls.context(
                        Files.readString(tls.resolve("server-ca.crt")), Files.readString(tls.resolve("client-admin.crt")),
                        Files.readString(tls.resolve("client-admin.key")))).build();
                String base = "https://127.0.0.1:" + server.address().getPort();
                for (String path : List.of("/ping", "/cacerts", "/readyz?verbose", "/version")) {
                    client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
            }
            // a restart loads what the first run created
            try (Server server = new Server(config, Clock.systemUTC())) {
                server.start();
            }
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static void exercise(Backend backend) {
        long rev = backend.create("/registry/aot/a", new byte[256], 0);
        backend.update("/registry/aot/a", new byte[256], rev, 0);
        backend.get("/registry/aot/a", 0);
        backend.list("/registry/aot/", null, 10, 0);
        backend.count("/registry/aot/");
        backend.delete("/registry/aot/a", 0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
