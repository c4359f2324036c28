package io.k3j.bench;

import io.k3j.pki.ClientTls;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The Java parts of {@code bench/api}, each printing Markdown table rows: {@code baseline N},
 * 32-writer creates straight into a fresh SQLite backend; {@code fanout}, against a running k3s
 * server (its data dir, port and pid given), watch fan-out to many watchers (write to the last
 * watcher's delivery) and the server's heap per idle watch.
 */
public final class ApiBench {

    private ApiBench() {
    }

    record Result(double opsPerSec, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "baseline" -> row("baseline: SqlBackend create, 32 writers (same run)",
                    storageBaseline(Integer.parseInt(args[1])), "");
            case "fanout" -> fanOutRows(Path.of(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("usage: ApiBench baseline N | fanout DATA_DIR PORT PID WATCHERS");
        }
        System.exit(0);
    }

    private static void fanOutRows(Path dataDir, int port, long serverPid, int watchers) throws Exception {
        Path tls = dataDir.resolve("server/tls");
        SSLContext ssl = ClientTls.context(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
        long heapBefore = measureHeap(serverPid);
        FanOut fan = fanOut(ssl, "https://127.0.0.1:" + port, watchers, serverPid);
        row("watch fan-out to " + watchers + " watchers (write → last delivery)", fan.latency, "");
        System.out.printf("| server heap per idle watch | | | | %.1f KiB (%d watches, %.1f MiB) |%n",
                (fan.heapWithWatches - heapBefore) / 1024.0 / watchers, watchers,
                (fan.heapWithWatches - heapBefore) / 1048576.0);
    }

    private static void row(String name, Result r, String note) {
        System.out.printf("| %s | %.0f | %.2f | %.2f | %s |%n", name, r.opsPerSec(), r.p50(), r.p99(), note);
    }

    private static void check(HttpResponse<String> r, int code) {
        if (r.statusCode() != code) {
            throw new IllegalStateException("expected " + code + ", got " + r.statusCode() + ": " + r.body());
        }
    }

    /** One request of a parallel run. */
    interface Op {
        void run(int i) throws Exception;
    }

    private static Result parallel(int threads, int total, Op op) throws Exception {
        long[] lat = new long[total];
        AtomicInteger next = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofVirtual().start(() -> {
                for (int i; (i = next.getAndIncrement()) < total; ) {
                    long t0 = System.nanoTime();
                    try {
                        op.run(i);
                    } catch (Throwable e) {
                        failure[0] = e;
                        return;
                    }
                    lat[i] = System.nanoTime() - t0;
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        return result(lat, System.nanoTime() - start);
    }

    private static Result result(long[] latNanos, long elapsedNanos) {
        long[] sorted = latNanos.clone();
        Arrays.sort(sorted);
        return new Result(sorted.length * 1e9 / elapsedNanos, sorted[sorted.length / 2] / 1e6,
                sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6);
    }

    private static Result storageBaseline(int total) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "k3j-apibench");
        try (Backend backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults())) {
            byte[] value = new byte[900];
            return parallel(32, total, i -> backend.create("/registry/configmaps/default/cm-" + i, value, 0));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record FanOut(Result latency, long heapWithWatches) {
    }

    private static FanOut fanOut(SSLContext ssl, String base, int watchers, long serverPid) throws Exception {
        String ns = "/api/v1/namespaces/kube-public/configmaps";
        int warmups = 20;
        int writes = warmups + 200;
        ConcurrentHashMap<String, long[]> arrivals = new ConcurrentHashMap<>();
        for (int w = 0; w < writes; w++) {
            arrivals.put("fan-" + w, new long[watchers]);
        }
        URI uri = URI.create(base);
        WatchStreams streams = new WatchStreams(ssl, uri.getHost(), uri.getPort(),
                ns + "?watch=true&timeoutSeconds=600", watchers, 100, (id, line) -> {
                    long now = System.nanoTime();
                    int at = line.indexOf("\"name\":\"fan-");
                    if (at >= 0 && line.startsWith("{\"type\":\"ADDED\"")) {
                        long[] a = arrivals.get(line.substring(at + 8, line.indexOf('"', at + 8)));
                        if (a != null) {
                            a[id] = now;
                        }
                    }
                });
        Thread.sleep(2000);
        long heap = measureHeap(serverPid);
        HttpClient writer = HttpClient.newBuilder().sslContext(ssl).build();
        long[] lat = new long[writes];
        for (int w = 0; w < writes; w++) {
            String name = "fan-" + w;
            long t0 = System.nanoTime();
            HttpResponse<String> r = writer.send(HttpRequest.newBuilder(URI.create(base + ns))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r, 201);
            long[] a = arrivals.get(name);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Arrays.stream(a).anyMatch(v -> v == 0) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long missing = Arrays.stream(a).filter(v -> v == 0).count();
            if (missing > 0) {
                throw new IllegalStateException(missing + " watchers did not see " + name + " within 30 s");
            }
            lat[w] = Arrays.stream(a).max().orElse(t0) - t0;
            Thread.sleep(20);
        }
        streams.close();
        lat = Arrays.copyOfRange(lat, warmups, writes);
        long elapsed = Arrays.stream(lat).sum();
        return new FanOut(result(lat, Math.max(elapsed, 1)), heap);
    }

    /** Heap in use in the server after a full GC, via jcmd (bytes). */
    private static long measureHeap(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
        }
        return used;
    }
}
