package io.k3j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;

/**
 * {@code k3s check-config}: checks that this machine can run k3j (runtime, kernel, cgroups,
 * container and network tools) and ends with K3s's {@code STATUS:} line. Exits 1 when a
 * required check fails; optional ones only warn.
 */
@Command(name = "check-config", description = "Run config check", mixinStandardHelpOptions = true)
public final class CheckConfigCommand implements Callable<Integer> {

    private record Check(String name, boolean required, BooleanSupplier test, String hint) {
    }

    @Override
    public Integer call() {
        List<Check> checks = List.of(
                new Check("Java runtime 25 or newer", true, () -> Runtime.version().feature() >= 25,
                        "run with a Java 25 runtime (set JAVA_HOME)"),
                new Check("Linux kernel", true, () -> Files.exists(Path.of("/proc/sys/kernel/osrelease")),
                        "k3j runs on Linux"),
                new Check("cgroup filesystem", true, CheckConfigCommand::cgroups,
                        "mount cgroup v2 at /sys/fs/cgroup, or v1 with the cpu, memory and pids controllers"),
                new Check("overlay filesystem", false, () -> contains("/proc/filesystems", "overlay"),
                        "modprobe overlay"),
                new Check("IP forwarding control", false, () -> Files.exists(Path.of("/proc/sys/net/ipv4/ip_forward")),
                        "kernel built without IPv4 forwarding"),
                new Check("OCI runtime (runc or crun)", false, () -> onPath("runc") || onPath("crun"),
                        "apt-get install runc"),
                new Check("CNI plugins (bridge, host-local, loopback, portmap)", false, CheckConfigCommand::cni,
                        "apt-get install containernetworking-plugins"),
                new Check("iptables or nftables", false, () -> onPath("iptables") || onPath("nft"),
                        "apt-get install iptables"));
        int failed = 0;
        int warned = 0;
        for (Check c : checks) {
            boolean ok;
            try {
                ok = c.test().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            String verdict = ok ? "pass" : c.required() ? "fail" : "missing";
            System.out.printf("- %s: %s%s%n", c.name(), verdict, ok ? "" : " (" + c.hint() + ")");
            if (!ok && c.required()) {
                failed++;
            } else if (!ok) {
                warned++;
            }
        }
        System.out.println();
        if (failed > 0) {
            System.out.println("STATUS: " + failed + " (fail)");
            return 1;
        }
        System.out.println(warned > 0 ? "STATUS: pass (" + warned + " optional missing)" : "STATUS: pass");
        return 0;
    }

    private static boolean cgroups() {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return contains(root.resolve("cgroup.controllers").toString(), "memory");
        }
        return Files.isDirectory(root.resolve("memory")) && (Files.isDirectory(root.resolve("cpu"))
                || Files.isDirectory(root.resolve("cpu,cpuacct"))) && Files.isDirectory(root.resolve("pids"));
    }

    private static boolean cni() {
        for (String dir : List.of("/usr/lib/cni", "/opt/cni/bin")) {
            Path d = Path.of(dir);
            if (List.of("bridge", "host-local", "loopback", "portmap").stream()
                    .allMatch(p -> Files.isExecutable(d.resolve(p)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String file, String word) {
        try {
            return Files.readString(Path.of(file)).contains(word);
        } catch (IOException e) {
            return false;
        }
    }
}
