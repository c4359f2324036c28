package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other subcommands, the launcher script and the installer. */
class CommandsIT {

    @TempDir
    Path dir;

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void versionAndHelp() throws Exception {
        K3sProcess.Result v = K3sProcess.run(Map.of(), "--version");
        assertThat(v.exit()).isZero();
        assertThat(v.output()).startsWith("k3s version v1.33.").contains("+k3j");
        K3sProcess.Result h = K3sProcess.run(Map.of(), "--help");
        assertThat(h.output()).contains("server").contains("agent").contains("kubectl").contains("token")
                .contains("check-config");
        K3sProcess.Result sh = K3sProcess.run(Map.of(), "server", "--help");
        assertThat(sh.output()).contains("--datastore-endpoint").contains("--tls-san").contains("--write-kubeconfig-mode");
        K3sProcess.Result bad = K3sProcess.run(Map.of(), "server", "--no-such-flag");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("no-such-flag");
    }

    @Test
    void tokenGeneratePrintsABootstrapToken() throws Exception {
        K3sProcess.Result r = K3sProcess.run(Map.of(), "token", "generate");
        assertThat(r.exit()).isZero();
        assertThat(r.output().strip()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    }

    @Test
    void checkConfigReportsAStatus() throws Exception {
        K3sProcess.Result r = K3sProcess.run(Map.of(), "check-config");
        assertThat(r.output()).contains("Java runtime 25 or newer: pass").contains("STATUS:");
    }

    @Test
    void agentVerifiesTheServerAgainstTheTokenHash() throws Exception {
        try (K3sProcess server = new K3sProcess(dir.resolve("s")).start()) {
            String token = Files.readString(server.dataDir.resolve("server/token")).strip();
            K3sProcess.Result ok = K3sProcess.run(Map.of(), "agent", "--server", server.url(""), "--token", token);
            assertThat(ok.output()).contains("verified");
            String forged = "K10" + "0".repeat(64) + token.substring(token.indexOf("::"));
            K3sProcess.Result bad = K3sProcess.run(Map.of("K3S_URL", server.url(""), "K3S_TOKEN", forged), "agent");
            assertThat(bad.exit()).isNotZero();
            assertThat(bad.output()).contains("does not match the Cluster CA certificate hash");
            K3sProcess.Result missing = K3sProcess.run(Map.of(), "agent", "--server", server.url(""));
            assertThat(missing.exit()).isNotZero();
            assertThat(missing.output()).contains("--token");
        }
    }

    @Test
    void launcherIsMultiCallThroughAKubectlSymlink() throws Exception {
        try (K3sProcess server = new K3sProcess(dir.resolve("s")).start()) {
            Path link = dir.resolve("bin/kubectl");
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, ROOT.resolve("k3s"));
            Process p = new ProcessBuilder(link.toString(), "--kubeconfig", server.kubeconfig.toString(),
                    "version", "-o", "json").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("\"serverVersion\"").contains("+k3j");
        }
    }

    @Test
    void installerCopiesLauncherJarAndKubectlLink() throws Exception {
        Path bin = dir.resolve("installed/bin");
        ProcessBuilder pb = new ProcessBuilder("sh", ROOT.resolve("install.sh").toString()).redirectErrorStream(true);
        pb.environment().put("INSTALL_K3S_BIN_DIR", bin.toString());
        pb.environment().put("INSTALL_K3S_SKIP_START", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(bin.resolve("k3j.jar")).isRegularFile();
        assertThat(Files.isExecutable(bin.resolve("k3s"))).isTrue();
        assertThat(Files.readSymbolicLink(bin.resolve("kubectl"))).isEqualTo(Path.of("k3s"));
        Process v = new ProcessBuilder(List.of(bin.resolve("k3s").toString(), "--version")).redirectErrorStream(true).start();
        String version = new String(v.getInputStream().readAllBytes());
        assertThat(v.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version).startsWith("k3s version v1.33.");
    }
}
