package io.k3j.cli;

import java.nio.file.Path;

/** K3s's default locations, which differ for root and other users. */
final class DataDirs {

    private DataDirs() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path dataDir(String flag) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag);
        }
        return isRoot() ? Path.of("/var/lib/rancher/k3s")
                : Path.of(System.getProperty("user.home"), ".rancher", "k3s");
    }

    static Path kubeconfig(String flag) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag);
        }
        return isRoot() ? Path.of("/etc/rancher/k3s/k3s.yaml")
                : Path.of(System.getProperty("user.home"), ".kube", "k3s.yaml");
    }
}
