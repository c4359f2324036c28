package io.k3j.bench;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.HttpTransport;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.WatchEvent;
import io.k3j.client.WatchOptions;
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
 * N replicas in namespace {@code bench-deploy} and reports the same. Both sample the latency of a
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
        ApiClient client = new ApiClient(HttpTransport.withClientCertificate(URI.create("https://127.0.0.1:" + args[2]),
                Files.readString(tls.resolve("server-ca.crt")), Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key"))));
        long pid = Long.parseLong(args[3]);
        int n = Integer.parseInt(args[4]);
        switch (args[0]) {
            case "nodes" -> waitForNodes(client, n);
            case "pods" -> observe(client, pid, n, "bench", null, args.length > 5 ? Path.of(args[5]) : null);
            case "deployment" -> observe(client, pid, n, "bench-deploy", ScaleBench::createDeployment, null);
            default -> throw new IllegalArgumentException(
                    "usage: ScaleBench nodes|pods|deployment DATA_DIR PORT PID N [READY_FILE]");
        }
        System.exit(0);
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

        void accept(ObjectNode pod, long now) {
            long[] t = pods.computeIfAbsent(Meta.uid(pod), k -> {
                first.accumulateAndGet(now, Math::min);
                return new long[] {now, 0, 0};
            });
            synchronized (t) {
                if (t[1] == 0 && !pod.path("spec").path("nodeName").asString("").isEmpty()) {
                    t[1] = now;
                    bound.incrementAndGet();
                    lastBound = now;
                }
                if (t[2] == 0 && pod.path("status").path("phase").asString("").equals("Running")) {
                    t[2] = now;
                    running.incrementAndGet();
                    lastRunning = now;
                }
            }
        }
    }

    private static void observe(ApiClient client, long pid, int n, String namespace, Starter starter, Path readyFile)
            throws Exception {
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
        var watch = client.watch(PODS, namespace, WatchOptions.from(rv), e -> {
            if (e.type() == WatchEvent.Type.ADDED || e.type() == WatchEvent.Type.MODIFIED) {
                seen.accept(e.object(), System.nanoTime());
            }
        }, e -> { });
        double cpu0 = cpuSeconds(pid);
        long wall0 = System.nanoTime();
        List<Long> probes = new ArrayList<>();
        if (starter != null) {
            starter.start(client, namespace, n);
        }
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
            client.patch(CONFIGMAPS, namespace, "probe", io.k3j.client.PatchType.MERGE, patch,
                    io.k3j.client.PatchOptions.none());
            probes.add(System.nanoTime() - t0);
            if (i % 10 == 0) {
                peakRss = Math.max(peakRss, rssKiB(pid));
            }
        }
        double cpu = cpuSeconds(pid) - cpu0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        watch.close();
        String what = starter == null ? n + " bare pods" : "Deployment of " + n + " replicas";
        if (seen.running.get() < n) {
            System.out.printf("| %s | FAILED | %d seen, %d bound, %d Running within %d s |%n", what,
                    seen.pods.size(), seen.bound.get(), seen.running.get(), LIMIT.toSeconds());
            return;
        }
        double toBound = (seen.lastBound - seen.first.get()) / 1e9;
        double toRunning = (seen.lastRunning - seen.first.get()) / 1e9;
        long[] bindLatency = seen.pods.values().stream().mapToLong(t -> t[1] - t[0]).sorted().toArray();
        System.out.printf("| %s: first seen → all bound | %.1f s | %.0f pods/s; per pod seen → bound p50 %.0f ms, p99 %.0f ms |%n",
                what, toBound, n / toBound, pct(bindLatency, 0.5) / 1e6, pct(bindLatency, 0.99) / 1e6);
        System.out.printf("| %s: first seen → all Running | %.1f s | %.0f pods/s |%n", what, toRunning, n / toRunning);
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
