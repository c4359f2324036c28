package io.k3j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code k3s kubectl}: runs the machine's kubectl with K3s's kubeconfig default
 * ({@code /etc/rancher/k3s/k3s.yaml}, or {@code ~/.kube/k3s.yaml} for other users) when neither
 * --kubeconfig nor KUBECONFIG says otherwise. Never runs itself through a {@code kubectl}
 * symlink to the launcher.
 */
@Command(name = "kubectl", description = "Run kubectl")
public final class KubectlCommand {

    private KubectlCommand() {
    }

    static int run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        Path kubectl = find(env);
        List<String> cmd = new ArrayList<>();
        cmd.add(kubectl.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        boolean explicit = args.stream().anyMatch(a -> a.equals("--kubeconfig") || a.startsWith("--kubeconfig="));
        if (!explicit && (env.get("KUBECONFIG") == null || env.get("KUBECONFIG").isBlank())) {
            Path def = DataDirs.kubeconfig(null);
            if (Files.isReadable(def)) {
                pb.environment().put("KUBECONFIG", def.toString());
            }
        }
        return pb.start().waitFor();
    }

    static Path find(Map<String, String> env) throws IOException {
        String override = env.get("K3J_KUBECTL");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String launcher = env.get("K3J_LAUNCHER");
        Path self = launcher == null ? null : Path.of(launcher).toRealPath();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                Path real = candidate.toRealPath();
                if (self == null || !real.equals(self)) {
                    return candidate;
                }
            }
        }
        throw new CliException("no kubectl binary found on PATH (install kubectl, or set K3J_KUBECTL)");
    }
}
