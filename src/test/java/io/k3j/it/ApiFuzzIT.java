package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed or random requests (paths, methods, content types, bodies) from an
 * authenticated client: none may produce a 5xx, hang, or break the server.
 */
class ApiFuzzIT {

    private static final String[] SEGMENTS = {"api", "apis", "v1", "v2", "apps", "namespaces", "default",
        "kube-system", "pods", "configmaps", "secrets", "deployments", "nodes", "status", "scale", "watch", "..",
        "%00", "%2F", "x", "", "namespaces", "services", "rbac.authorization.k8s.io", "roles", "finalize",
        "authorization.k8s.io", "selfsubjectaccessreviews", "events", "very-long-" + "n".repeat(300)};
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    private static final String[] TYPES = {"application/json", "application/merge-patch+json",
        "application/json-patch+json", "application/strategic-merge-patch+json", "application/yaml",
        "application/vnd.kubernetes.protobuf", "text/plain", "application/apply-patch+yaml", "garbage/;;="};
    private static final String[] QUERIES = {"", "?watch=true&timeoutSeconds=1", "?labelSelector=a%20in%20(",
        "?fieldSelector=spec.nope%3Dx", "?limit=-5", "?limit=abc", "?continue=garbage", "?resourceVersion=abc",
        "?resourceVersion=999999999&resourceVersionMatch=Exact", "?resourceVersionMatch=Bogus&resourceVersion=1",
        "?dryRun=Some", "?propagationPolicy=Nope", "?includeObject=Maybe", "?gracePeriodSeconds=x",
        "?sendInitialEvents=true&watch=1", "?labelSelector=a%3D%3Db%2C!c"};

    @TempDir
    Path dir;

    @Test
    void noServerErrorsForMalformedRequests() throws Exception {
        try (K3sProcess k3s = new K3sProcess(dir).start("--disable-agent")) {
            Path tls = k3s.dataDir.resolve("server/tls");
            HttpClient client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                    Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> codes = new java.util.concurrent.ConcurrentHashMap<>();
            int total = 3000;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = 42 + t;
                    all.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        for (int i = 0; i < total / 8; i++) {
                            String method = METHODS[rnd.nextInt(METHODS.length)];
                            String path = path(rnd) + QUERIES[rnd.nextInt(QUERIES.length)];
                            String type = rnd.nextBoolean() ? TYPES[rnd.nextInt(TYPES.length)]
                                    : method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
                            byte[] body = body(rnd);
                            try {
                                HttpRequest req = HttpRequest.newBuilder(URI.create(k3s.url(path)))
                                        .timeout(Duration.ofSeconds(10)).header("Content-Type", type)
                                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
                                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                                codes.computeIfAbsent(r.statusCode(), c -> new java.util.concurrent.atomic.AtomicInteger())
                                        .incrementAndGet();
                                boolean tooNew = r.statusCode() == 504 && r.body().contains("Too large resource version");
                                if (r.statusCode() >= 500 && !tooNew) {
                                    failures.add(method + " " + path + " [" + type + "] -> " + r.statusCode() + " "
                                            + r.body());
                                }
                            } catch (IllegalArgumentException badUri) {
                                // the client refused to build the request; nothing reached the server
                            } catch (Exception e) {
                                failures.add(method + " " + path + " -> " + e);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(failures).as("requests answered with 5xx or no answer").isEmpty();
            // the requests reached every layer: parsing, routing, validation, success paths
            assertThat(codes.keySet()).as("status codes seen: %s", codes).contains(200, 201, 400, 404, 415, 422);
            assertThat(codes.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum())
                    .isGreaterThan(2500);
            assertThat(k3s.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(k3s.logText()).doesNotContain("Exception");

            // a body over 3 MiB is refused with a Status, over HTTP/2 and HTTP/1.1
            byte[] huge = new byte[4 * 1024 * 1024];
            java.util.Arrays.fill(huge, (byte) ' ');
            for (HttpClient.Version v : HttpClient.Version.values()) {
                HttpClient c = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                        Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
                HttpClient versioned = HttpClient.newBuilder().sslContext(c.sslContext()).version(v).build();
                HttpResponse<String> r = versioned.send(HttpRequest.newBuilder(URI.create(
                        k3s.url("/api/v1/namespaces/default/configmaps"))).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(v.toString()).isEqualTo(413);
                assertThat(r.body()).contains("RequestEntityTooLarge");
            }
        }
    }

    private static final String[] RESOURCES = {"/api/v1/namespaces/default/configmaps",
        "/api/v1/namespaces/default/secrets", "/api/v1/namespaces/default/pods", "/api/v1/namespaces/default/services",
        "/apis/apps/v1/namespaces/default/deployments", "/api/v1/namespaces", "/api/v1/nodes",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        "/api/v1/namespaces/nope/configmaps", "/apis/batch/v1/namespaces/default/jobs", "/api/v1/configmaps"};
    private static final String[] NAMES = {"fz", "fz2", "UPPER", "a.b", "x".repeat(300), "default", "kubernetes"};

    private static String path(Random rnd) {
        if (rnd.nextInt(10) < 7) {
            StringBuilder sb = new StringBuilder(RESOURCES[rnd.nextInt(RESOURCES.length)]);
            if (rnd.nextBoolean()) {
                sb.append('/').append(NAMES[rnd.nextInt(NAMES.length)]);
                if (rnd.nextInt(4) == 0) {
                    sb.append(rnd.nextBoolean() ? "/status" : "/scale");
                }
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append('/').append(SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
        }
        return sb.toString();
    }

    private static byte[] body(Random rnd) {
        String[] jsons = {
            "", "{", "[]", "null", "42", "\"str\"", "{\"metadata\":\"x\"}", "{\"metadata\":{\"name\":7}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fz\",\"labels\":[1]}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fz\"}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"fz\"},\"data\":{\"a\":\"b\"}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"generateName\":\"fz-\"}}",
            "{\"metadata\":{\"labels\":{\"ok\":\"yes\"}}}", "{\"metadata\":{\"resourceVersion\":\"1\"}}",
            "{\"apiVersion\":\"apps/v9\",\"kind\":\"Nope\",\"metadata\":{\"name\":\"fz\"}}",
            "{\"metadata\":{\"name\":\"UPPER\",\"annotations\":{\"a\":1}}}",
            "[{\"op\":\"add\",\"path\":\"/metadata/labels/x\",\"value\":\"y\"}]",
            "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b\"}]", "{\"data\":{\"k\":null}}",
            "{\"spec\":{\"resourceAttributes\":{\"verb\":5}}}", "{\"propagationPolicy\":\"Orphan\"}",
            "[".repeat(5000), "{\"a\":".repeat(3000), "k8s\u0000\u0001\u0002garbage"};
        if (rnd.nextInt(10) == 0) {
            byte[] b = new byte[rnd.nextInt(2000)];
            rnd.nextBytes(b);
            return b;
        }
        return jsons[rnd.nextInt(jsons.length)].getBytes(StandardCharsets.UTF_8);
    }
}
