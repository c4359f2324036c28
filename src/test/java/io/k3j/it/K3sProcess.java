package io.k3j.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code k3s server} child process from the built jar, with its own data dir, port,
 * kubeconfig and (empty) config file, so the machine's /etc/rancher is never touched.
 */
final class K3sProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("k3j.jar", "target/k3j.jar"));

    final Path dir;
    final Path dataDir;
    final Path kubeconfig;
    final Path config;
    final Path log;
    final int port;
    Process process;

    K3sProcess(Path dir) throws IOException {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.kubeconfig = dir.resolve("k3s.yaml");
        this.config = dir.resolve("config.yaml");
        this.log = dir.resolve("k3s.log");
        this.port = freePort();
        Files.createDirectories(dir);
        if (!Files.exists(config)) {
            Files.writeString(config, "");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code k3s <args>} to completion with the jar; returns exit code and output. */
    static Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar",
                JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("k3s " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out));
    }

    record Result(int exit, String output) {
    }

    List<String> serverArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(),
                "--write-kubeconfig", kubeconfig.toString(), "--https-listen-port", Integer.toString(port),
                "--config", config.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the server and waits until /ping answers (or the process dies). */
    K3sProcess start(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()));
        cmd.addAll(serverArgs(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("k3s server exited " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get("/ping").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("k3s server did not answer /ping in 60 s:\n" + logText());
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(Tls.trustAllClient(), path);
    }

    HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends SIGTERM and returns how long the process took to exit. */
    Duration stop() throws Exception {
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("k3s server ignored SIGTERM for 10 s");
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
