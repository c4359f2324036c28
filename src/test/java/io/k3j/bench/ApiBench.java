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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The API benchmark run by {@code bench/api}: against a running k3s server (its data dir and
 * port given), ConfigMap creates, gets and lists over HTTPS with 32 clients, and watch fan-out
 * to 1,000 watchers; plus, as the baseline in the same run, 32-writer creates straight into a
 * fresh SQLite backend. Prints a Markdown table.
 */
public final class ApiBench {

    private ApiBench() {
    }

    record Result(double opsPerSec, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long serverPid = Long.parseLong(args[2]);
        int creates = Integer.getInteger("bench.creates", 10_000);
        int watchers = Integer.getInteger("bench.watchers", 1000);
        String base = "https://127.0.0.1:" + port;
        Path tls = dataDir.resolve("server/tls");
        SSLContext ssl = ClientTls.context(Files.readString(tls.resolve("server-ca.crt")), Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key")));

        Result baseline = storageBaseline(creates);
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            clients.add(HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.valueOf(System.getProperty("bench.http", "HTTP_2"))).build());
        }
        String ns = "/api/v1/namespaces/default/configmaps";
        byte[] data = new byte[700];
        Arrays.fill(data, (byte) 'x');
        String value = new String(data, StandardCharsets.US_ASCII);
        Result create = parallel(32, creates, i -> {
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i
                    + "\"},\"data\":{\"v\":\"" + value + "\"}}";
            HttpResponse<String> r = clients.get(i % clients.size()).send(HttpRequest.newBuilder(URI.create(base + ns))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r, 201);
        });
        Result get = parallel(32, 20_000, i -> {
            int n = ThreadLocalRandom.current().nextInt(creates);
            check(clients.get(i % clients.size()).send(HttpRequest.newBuilder(URI.create(base + ns + "/cm-" + n)).build(),
                    HttpResponse.BodyHandlers.ofString()), 200);
        });
        Result list = parallel(1, 30, i -> {
            HttpResponse<byte[]> r = clients.getFirst().send(HttpRequest.newBuilder(URI.create(base + ns)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 || r.body().length < creates * 700) {
                throw new IllegalStateException("list returned " + r.statusCode() + ", " + r.body().length + " bytes");
            }
        });
        long heapBefore = measureHeap(serverPid);
        FanOut fan = fanOut(ssl, base, watchers, serverPid);
        long heapAfter = fan.heapWithWatches;
        System.out.println("| measurement | ops/s | p50 ms | p99 ms | note |");
        System.out.println("|---|---:|---:|---:|---|");
        row("baseline: SqlBackend create, 32 writers (same run)", baseline, "");
        row("ConfigMap create over HTTPS, 32 clients", create, String.format("%.0f %% of the storage baseline",
                100 * create.opsPerSec() / baseline.opsPerSec()));
        row("ConfigMap get, 32 clients", get, "");
        row("ConfigMap list of " + creates + " (from cache)", list, "");
        row("watch fan-out to " + watchers + " watchers (write → last delivery)", fan.latency, "");
        System.out.printf("| server heap per idle watch | | | | %.1f KiB (%d watches, %.1f MiB) |%n",
                (heapAfter - heapBefore) / 1024.0 / watchers, watchers, (heapAfter - heapBefore) / 1048576.0);
        System.exit(0);
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
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < (watchers + 99) / 100; i++) {
            clients.add(HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.valueOf(System.getProperty("bench.http", "HTTP_2"))).build());
        }
        int writes = 30;
        ConcurrentHashMap<String, long[]> arrivals = new ConcurrentHashMap<>();
        for (int w = 0; w < writes; w++) {
            arrivals.put("fan-" + w, new long[watchers]);
        }
        CountDownLatch established = new CountDownLatch(watchers);
        AtomicInteger failedWatches = new AtomicInteger();
        for (int i = 0; i < watchers; i++) {
            int id = i;
            HttpClient c = clients.get(i / 100);
            Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<java.io.InputStream> r = c.send(HttpRequest.newBuilder(
                            URI.create(base + ns + "?watch=true&timeoutSeconds=600")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    established.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            long now = System.nanoTime();
                            int at = line.indexOf("\"name\":\"fan-");
                            if (at >= 0 && line.startsWith("{\"type\":\"ADDED\"")) {
                                String name = line.substring(at + 8, line.indexOf('"', at + 8));
                                long[] a = arrivals.get(name);
                                if (a != null) {
                                    a[id] = now;
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    failedWatches.incrementAndGet();
                    established.countDown();
                }
            });
        }
        established.await();
        if (failedWatches.get() > 0) {
            throw new IllegalStateException(failedWatches.get() + " of " + watchers + " watches could not be opened");
        }
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
            Thread.sleep(100);
        }
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
