package io.k3j.bench;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.HttpTransport;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java parts of {@code bench/scale}, against a running server with simulated nodes (its data
 * dir, port and pid given). {@code nodes N}: waits until N nodes are Ready. {@code pods N}: watches
 * namespace {@code bench} while something else (h2load) creates N pods, and reports pods/s from
 * the first creation seen to bound and to Running. {@code deployment N}: creates one Deployment of
 * N replicas in namespace {@code bench-deploy} and reports the same. {@code backlog N}: cordons
 * every node, creates N pods in namespace {@code bench-backlog}, waits until the scheduler has
 * found each unschedulable, then uncordons the nodes and reports the same from the first
 * uncordon: the scheduler's throughput on a queue of pending pods, without the creates' cost in
 * the measured time. All sample the latency of a
 * ConfigMap update every 100 ms during the run (the mutating-request probe) and the server's RSS
 * and CPU. Prints Markdown table rows: | measurement | value | note |.
 */
public final class ScaleBench {

    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final Resource CONFIGMAPS = Resource.core("configmaps");
    static final Resource NAMESPACES = Resource.core("namespaces");
    static final Resource DEPLOYMENTS = Resource.of("apps", "v1", "deployments");
    static final Duration LIMIT = Duration.ofMinutes(5);

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path tls = Path.of(args[1]).resolve("server/tls");
        ApiClient client = client(tls, args[2]);
        // the probe on a connection of its own: the watch's stream would otherwise share one
        // HTTP/2 connection with it, and its latency would include waiting behind watch frames
        PROBE_CLIENT = client(tls, args[2]);
        TLS = tls;
        PORT = args[2];
        long pid = Long.parseLong(args[3]);
        int n = Integer.parseInt(args[4]);
        switch (args[0]) {
            case "nodes" -> waitForNodes(client, n);
            case "pods" -> observe(client, pid, n, args[6], null, Path.of(args[5]), args[7]);
            case "delete-namespace" -> deleteNamespace(client, args[5]);
            case "deployment" -> observe(client, pid, n, "bench-deploy", ScaleBench::createDeployment, null,
                    "Deployment of " + n + " replicas");
            case "backlog" -> observe(client, pid, n, "bench-backlog", ScaleBench::backlog, null,
                    "backlog of " + n + " pods");
            default -> throw new IllegalArgumentException(
                    "usage: ScaleBench nodes|pods|deployment|backlog|delete-namespace DATA_DIR PORT PID N"
                            + " [READY_FILE NAMESPACE LABEL | NAMESPACE]");
        }
        System.exit(0);
    }

    private static ApiClient PROBE_CLIENT;
    private static Path TLS;
    private static String PORT;

    private static ApiClient client(Path tls, String port) throws java.io.IOException {
        return new ApiClient(HttpTransport.withClientCertificate(URI.create("https://127.0.0.1:" + port),
                Files.readString(tls.resolve("server-ca.crt")), Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key"))));
    }

    /** Deletes a namespace and waits until it and everything in it are gone. */
    private static void deleteNamespace(ApiClient client, String namespace) throws InterruptedException {
        long t0 = System.nanoTime();
        client.delete(NAMESPACES, null, namespace);
        while (System.nanoTime() - t0 < LIMIT.toNanos()) {
            try {
                client.get(NAMESPACES, null, namespace);
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    System.err.printf("namespace %s deleted in %.1f s%n", namespace, (System.nanoTime() - t0) / 1e9);
                    return;
                }
                throw e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("namespace " + namespace + " still there after " + LIMIT);
    }

    private static void waitForNodes(ApiClient client, int n) throws InterruptedException {
        long t0 = System.nanoTime();
        while (true) {
            long ready = client.listAll(NODES, null, ListOptions.all()).stream().filter(ScaleBench::nodeReady).count();
            if (ready >= n) {
                System.err.printf("%d nodes Ready after %.1f s%n", ready, (System.nanoTime() - t0) / 1e9);
                return;
            }
            if (System.nanoTime() - t0 > LIMIT.toNanos()) {
                throw new IllegalStateException("only " + ready + " of " + n + " nodes Ready");
            }
            Thread.sleep(500);
        }
    }

    private static boolean nodeReady(ObjectNode node) {
        for (var c : node.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }

    interface Starter {
        void start(ApiClient client, String namespace, int n);
    }

    private static void createDeployment(ApiClient client, String namespace, int n) {
        ObjectNode d = Json.object();
        d.put("apiVersion", "apps/v1");
        d.put("kind", "Deployment");
        d.putObject("metadata").put("name", "scale");
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", n);
        spec.putObject("selector").putObject("matchLabels").put("app", "scale");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "scale");
        template.set("spec", podSpec());
        client.create(DEPLOYMENTS, namespace, d);
    }

    /**
     * Builds the backlog (cordoned nodes, N pods found unschedulable) and then uncordons every node
     * from 32 threads in the background; the observer's clock starts as the first uncordon is sent.
     */
    private static void backlog(ApiClient client, String namespace, int n) {
        List<String> nodes = client.listAll(NODES, null, ListOptions.all()).stream().map(Meta::name).toList();
        parallel(nodes.size(), i -> cordon(client, nodes.get(i), true));
        ObjectNode template = Json.object();
        template.put("apiVersion", "v1");
        template.put("kind", "Pod");
        template.putObject("metadata").put("generateName", "b-").putObject("labels").put("app", "backlog");
        template.set("spec", podSpec());
        parallel(n, i -> client.create(PODS, namespace, template.deepCopy()));
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long pending;
        do {
            sleep(1000);
            pending = client.listAll(PODS, namespace, ListOptions.all()).stream().filter(ScaleBench::unschedulable)
                    .count();
        } while (pending < n && System.nanoTime() < deadline);
        System.err.printf("%d pods unschedulable; uncordoning %d nodes%n", pending, nodes.size());
        String uncordoner = System.getenv("BENCH_UNCORDON_URIS");
        BACKLOG_RELEASED.set(System.nanoTime());
        if (uncordoner != null) {
            // another process sends the uncordons (their cost off this JVM): hand it the node paths
            try {
                java.nio.file.Path tmp = java.nio.file.Path.of(uncordoner + ".tmp");
                java.nio.file.Files.write(tmp, nodes.stream().map(node -> "/api/v1/nodes/" + node).toList());
                java.nio.file.Files.move(tmp, java.nio.file.Path.of(uncordoner),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        Thread.ofVirtual().start(() -> {
            parallel(nodes.size(), i -> cordon(client, nodes.get(i), false));
            System.err.printf("%d nodes uncordoned in %d ms%n", nodes.size(),
                    (System.nanoTime() - BACKLOG_RELEASED.get()) / 1_000_000);
        });
    }

    /** nanoTime when the backlog phase began to uncordon its nodes (0 before). */
    static final AtomicLong BACKLOG_RELEASED = new AtomicLong();

    private static boolean unschedulable(ObjectNode pod) {
        for (var c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("PodScheduled")) {
                return c.path("status").asString("").equals("False");
            }
        }
        return false;
    }

    private static void cordon(ApiClient client, String node, boolean unschedulable) {
        ObjectNode patch = Json.object();
        patch.putObject("spec").put("unschedulable", unschedulable);
        client.patch(NODES, null, node, io.k3j.client.PatchType.MERGE, patch, io.k3j.client.PatchOptions.none());
    }

    private static void parallel(int n, java.util.function.IntConsumer task) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 32; t++) {
                executor.execute(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        task.accept(i);
                    }
                });
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode podSpec() {
        ObjectNode spec = Json.object();
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", "app");
        c.put("image", "busybox");
        c.putObject("resources").putObject("requests").put("cpu", "10m").put("memory", "16Mi");
        return spec;
    }

    /** What the watch saw of each pod: nanoTime when first seen, bound, Running. */
    static final class Seen {
        final ConcurrentHashMap<String, long[]> pods = new ConcurrentHashMap<>();
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong bound = new AtomicLong();
        final AtomicLong running = new AtomicLong();
        volatile long lastBound;
        volatile long lastRunning;

        void accept(String uid, String nodeName, String phase, long now) {
            long[] t = pods.computeIfAbsent(uid, k -> {
                first.accumulateAndGet(now, Math::min);
                return new long[] {now, 0, 0};
            });
            synchronized (t) {
                if (t[1] == 0 && nodeName != null && !nodeName.isEmpty()) {
                    t[1] = now;
                    bound.incrementAndGet();
                    lastBound = now;
                }
                if (t[2] == 0 && "Running".equals(phase)) {
                    t[2] = now;
                    running.incrementAndGet();
                    lastRunning = now;
                }
            }
        }
    }

    private static void observe(ApiClient client, long pid, int n, String namespace, Starter starter, Path readyFile,
                                String what) throws Exception {
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", namespace);
        try {
            client.create(NAMESPACES, null, ns);
        } catch (ApiException e) {
            if (e.status().code() != 409) {
                throw e;
            }
        }
        ObjectNode probe = Json.object();
        probe.putObject("metadata").put("name", "probe");
        probe.putObject("data").put("n", "0");
        client.create(CONFIGMAPS, namespace, probe);
        Seen seen = new Seen();
        String rv = client.list(PODS, namespace, ListOptions.all()).path("metadata").path("resourceVersion").asString();
        var watch = PodWatchStream.open(TLS, PORT, namespace, rv, (type, uid, nodeName, phase) -> {
            if (uid != null && ("ADDED".equals(type) || "MODIFIED".equals(type))) {
                seen.accept(uid, nodeName, phase, System.nanoTime());
            }
        });
        if (starter != null) {
            starter.start(client, namespace, n);
        }
        double cpu0 = cpuSeconds(pid);
        long wall0 = System.nanoTime();
        List<Long> probes = new ArrayList<>();
        if (readyFile != null) {
            Files.writeString(readyFile, "ready\n");
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long peakRss = 0;
        int i = 0;
        while (seen.running.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long t0 = System.nanoTime();
            ObjectNode patch = Json.object();
            patch.putObject("data").put("n", Integer.toString(++i));
            PROBE_CLIENT.patch(CONFIGMAPS, namespace, "probe", io.k3j.client.PatchType.MERGE, patch,
                    io.k3j.client.PatchOptions.none());
            probes.add(System.nanoTime() - t0);
            if (System.nanoTime() - t0 > 500_000_000L) {
                System.err.printf("slow probe: %.0f ms at %.1f s into the phase (uptime of this client %.1f s)%n",
                        (System.nanoTime() - t0) / 1e6, (t0 - wall0) / 1e9,
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
            }
            if (i % 10 == 0) {
                peakRss = Math.max(peakRss, rssKiB(pid));
            }
        }
        double cpu = cpuSeconds(pid) - cpu0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        watch.close();
        long released = BACKLOG_RELEASED.get();
        long origin = released > 0 ? released : seen.first.get();
        if (seen.running.get() < n) {
            System.out.printf("| %s | FAILED | %d seen, %d bound, %d Running within %d s |%n", what,
                    seen.pods.size(), seen.bound.get(), seen.running.get(), LIMIT.toSeconds());
            return;
        }
        double toBound = (seen.lastBound - origin) / 1e9;
        double toRunning = (seen.lastRunning - origin) / 1e9;
        long[] bindLatency = seen.pods.values().stream().mapToLong(t -> t[1] - Math.max(t[0], origin)).sorted()
                .toArray();
        String from = released > 0 ? "first uncordon" : "first seen";
        int[] perSecond = new int[(int) Math.ceil(toBound) + 1];
        seen.pods.values().forEach(t -> perSecond[(int) Math.max(0, (t[1] - origin) / 1_000_000_000L)]++);
        System.err.println(what + ": pods bound per second after " + from + ": " + Arrays.toString(perSecond));
        long[] boundAt = seen.pods.values().stream().mapToLong(t -> t[1]).sorted().toArray();
        double steady = 0.8 * n / ((pct(boundAt, 0.9) - pct(boundAt, 0.1)) / 1e9);
        System.out.printf("| %s: " + from + " → all bound | %.1f s | %.0f pods/s (%.0f/s from 10 %% to 90 %% bound);"
                        + " per pod seen → bound p50 %.0f ms, p99 %.0f ms |%n",
                what, toBound, n / toBound, steady, pct(bindLatency, 0.5) / 1e6, pct(bindLatency, 0.99) / 1e6);
        System.out.printf("| %s: " + from + " → all Running | %.1f s | %.0f pods/s |%n", what, toRunning, n / toRunning);
        long[] p = probes.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("| %s: mutating probe (ConfigMap patch every 100 ms) | p99 %.1f ms | p50 %.1f ms, max %.1f ms, %d samples |%n",
                what, pct(p, 0.99) / 1e6, pct(p, 0.5) / 1e6, p.length == 0 ? 0 : p[p.length - 1] / 1e6, p.length);
        System.out.printf("| %s: server CPU and RSS | %.2f cores | %.0f CPU-s over %.0f s; RSS peak %.0f MiB |%n",
                what, cpu / wall, cpu, wall, peakRss / 1024.0);
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static long rssKiB(long pid) throws Exception {
        return Arrays.stream(Files.readString(Path.of("/proc/" + pid + "/status")).split("\n"))
                .filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    }
}
