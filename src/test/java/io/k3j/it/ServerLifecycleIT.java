package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, restart, stop and failure modes of {@code k3s server} as a process. */
class ServerLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void restartReusesCertificatesAndTokenAndSigtermStopsQuickly() throws Exception {
        String ca;
        String token;
        String kubeconfig;
        try (K3sProcess first = new K3sProcess(dir).start("--token", "sup3rsecret")) {
            ca = first.get("/cacerts").body();
            token = Files.readString(first.dataDir.resolve("server/token"));
            kubeconfig = Files.readString(first.kubeconfig);
            assertThat(token.strip()).endsWith("::server:sup3rsecret");
            Duration stop = first.stop();
            assertThat(stop).isLessThan(Duration.ofSeconds(2));
        }
        try (K3sProcess second = new K3sProcess(dir).start()) {
            assertThat(second.get("/cacerts").body()).isEqualTo(ca);
            assertThat(Files.readString(second.dataDir.resolve("server/token"))).isEqualTo(token);
            assertThat(Files.readString(second.kubeconfig).replaceAll(":\\d+\n", ":P\n"))
                    .isEqualTo(kubeconfig.replaceAll(":\\d+\n", ":P\n"));
            // one shared log for both runs: the CA was created by the first only
            String log = second.logText();
            assertThat(log.split("created server-ca", -1)).hasSize(2);
        }
    }

    @Test
    void aDifferentTokenOnRestartIsRefused() throws Exception {
        try (K3sProcess first = new K3sProcess(dir).start("--token", "one")) {
            first.stop();
        }
        K3sProcess probe = new K3sProcess(dir);
        K3sProcess.Result r = K3sProcess.run(Map.of(), probe.serverArgs("--token", "two").toArray(String[]::new));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("--token does not match");
    }

    @Test
    void secondServerOnTheSameDataDirFailsClearly() throws Exception {
        try (K3sProcess first = new K3sProcess(dir).start()) {
            K3sProcess other = new K3sProcess(dir);
            K3sProcess.Result r = K3sProcess.run(Map.of(), other.serverArgs().toArray(String[]::new));
            assertThat(r.exit()).isNotZero();
            assertThat(r.output()).contains("in use by another k3s server process");
            assertThat(first.get("/ping").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corruptDatastoreFailsClearly() throws Exception {
        K3sProcess k3s = new K3sProcess(dir);
        Path db = k3s.dataDir.resolve("server/db/state.db");
        Files.createDirectories(db.getParent());
        Files.write(db, "garbage that is certainly not an SQLite database header ".repeat(100).getBytes());
        K3sProcess.Result r = K3sProcess.run(Map.of(), k3s.serverArgs().toArray(String[]::new));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("corrupt").doesNotContain("\tat ");
    }

    @Test
    void unwritableDataDirFailsClearly() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        K3sProcess k3s = new K3sProcess(dir);
        K3sProcess.Result r = K3sProcess.run(Map.of(), "server", "--data-dir", file.resolve("data").toString(),
                "--write-kubeconfig", k3s.kubeconfig.toString(), "--https-listen-port", Integer.toString(k3s.port),
                "--config", k3s.config.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("k3s: error:").contains("data").doesNotContain("\tat ");
    }

    @Test
    void fullDiskFailsClearly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs; skipped");
        Path mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mount.toString())
                .inheritIO().start().waitFor() == 0, "cannot mount tmpfs; skipped");
        try {
            Files.write(mount.resolve("filler"), new byte[12 * 1024]);
            K3sProcess k3s = new K3sProcess(dir);
            K3sProcess.Result r = K3sProcess.run(Map.of(), "server", "--data-dir", mount.resolve("data").toString(),
                    "--write-kubeconfig", k3s.kubeconfig.toString(), "--https-listen-port",
                    Integer.toString(k3s.port), "--config", k3s.config.toString());
            assertThat(r.exit()).isNotZero();
            assertThat(r.output()).containsAnyOf("disk is full", "No space left on device").doesNotContain("\tat ");
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void unsupportedDatastoreEndpointFailsClearly() throws Exception {
        K3sProcess k3s = new K3sProcess(dir);
        K3sProcess.Result r = K3sProcess.run(Map.of("K3S_DATASTORE_ENDPOINT", "nats://127.0.0.1:4222"),
                k3s.serverArgs().toArray(String[]::new));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("'nats' is not supported");
    }
}
