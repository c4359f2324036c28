package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.k3j.api.Json;
import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.ClientTls;
import io.k3j.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Watches over WebSocket (as the fabric8 client makes them) with the JDK's WebSocket client
 * over TLS: events as text messages, a close frame when the watch times out, and the usual
 * 401/403 answers instead of an upgrade.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketWatchIT {

    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";

    private K3sProcess k3s;
    private HttpClient admin;
    private HttpClient anonymous;
    private HttpClient alice;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        String ca = Files.readString(tls.resolve("server-ca.crt"));
        admin = HttpClient.newBuilder().sslContext(ClientTls.context(ca, Files.readString(tls.resolve("client-admin.crt")),
                Files.readString(tls.resolve("client-admin.key")))).connectTimeout(Duration.ofSeconds(5)).build();
        anonymous = HttpClient.newBuilder().sslContext(ClientTls.context(ca, null, null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        CertKey clientCa = new CertKey(Pem.certificates(Files.readString(tls.resolve("client-ca.crt"))).getFirst(),
                Pem.privateKey(Files.readString(tls.resolve("client-ca.key"))));
        CertKey cert = new CertificateAuthority(clientCa, Clock.systemUTC()).issue("alice", List.of("devs"), List.of(),
                List.of(), List.of(CertificateAuthority.Usage.CLIENT), Duration.ofDays(1));
        alice = HttpClient.newBuilder().sslContext(ClientTls.context(ca, cert.certificatePem(), cert.keyPem()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    @Test
    void eventsArriveAsMessagesAndTheWatchEndsWithACloseFrame() throws Exception {
        String rv = Json.parse(send("GET", CONFIGMAPS, null, null).body().getBytes(StandardCharsets.UTF_8))
                .path("metadata").path("resourceVersion").asString();
        Recorder rec = new Recorder();
        long opened = System.nanoTime();
        WebSocket ws = open(admin, CONFIGMAPS + "?watch=true&timeoutSeconds=6&resourceVersion=" + rv, rec);

        assertThat(ws.sendPing(ByteBuffer.wrap("ping?".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS))
                .isSameAs(ws);
        await().atMost(Duration.ofSeconds(5)).until(() -> rec.pongs.contains("ping?"));

        assertThat(send("POST", CONFIGMAPS, "application/json",
                "{\"metadata\":{\"name\":\"ws-demo\"},\"data\":{\"a\":\"1\"}}").statusCode()).isEqualTo(201);
        assertThat(send("PATCH", CONFIGMAPS + "/ws-demo", "application/merge-patch+json",
                "{\"data\":{\"a\":\"2\"}}").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", CONFIGMAPS + "/ws-demo", null, null).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> rec.messages.size() >= 3);
        List<JsonNode> events = rec.messages.stream().map(m -> Json.parse(m.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(events).extracting(e -> e.path("type").asString()).containsExactly("ADDED", "MODIFIED", "DELETED");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.propertyNames()).containsExactlyInAnyOrder("type", "object");
            assertThat(e.path("object").path("kind").asString()).isEqualTo("ConfigMap");
            assertThat(e.path("object").path("metadata").path("name").asString()).isEqualTo("ws-demo");
        });
        assertThat(events.get(1).path("object").path("data").path("a").asString()).isEqualTo("2");

        Integer code = rec.closed.get(15, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - opened);
        assertThat(code).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(seconds).isBetween(5L, 12L);
        assertThat(rec.errors).isEmpty();
    }

    @Test
    void aClientsCloseIsAnsweredAndEndsTheWatch() throws Exception {
        Recorder rec = new Recorder();
        WebSocket ws = open(admin, "/api/v1/watch/namespaces/default/configmaps", rec);
        ws.sendClose(4000, "bye").get(5, TimeUnit.SECONDS);
        assertThat(rec.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4000);
        assertThat(rec.errors).isEmpty();
        // the server still serves; the watch it dropped did not break the connection handling
        assertThat(send("GET", CONFIGMAPS, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnauthenticatedUpgradeGets401() {
        WebSocketHandshakeException e = refused(anonymous, CONFIGMAPS + "?watch=true");
        assertThat(e.getResponse().statusCode()).isEqualTo(401);
        assertThat(String.valueOf(e.getResponse().body())).contains("Unauthorized");
    }

    @Test
    void aUserWithoutRightsGets403() throws Exception {
        WebSocketHandshakeException e = refused(alice, CONFIGMAPS + "?watch=true");
        assertThat(e.getResponse().statusCode()).isEqualTo(403);
        assertThat(String.valueOf(e.getResponse().body())).contains("\"reason\":\"Forbidden\"")
                .contains("User \\\"alice\\\" cannot watch resource \\\"configmaps\\\"");
        // the same user may watch once RBAC allows it
        assertThat(send("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings",
                "application/json", "{\"metadata\":{\"name\":\"alice-view\"},\"roleRef\":{\"apiGroup\":"
                        + "\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"view\"},\"subjects\":"
                        + "[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"alice\"}]}")
                .statusCode()).isEqualTo(201);
        Recorder rec = new Recorder();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                open(alice, CONFIGMAPS + "?watch=true&timeoutSeconds=1", rec) != null);
        assertThat(rec.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(refused(alice, "/api/v1/namespaces/kube-system/configmaps?watch=true").getResponse().statusCode())
                .isEqualTo(403);
    }

    @Test
    void requestsThatAreNotWatchesAreServedWithoutUpgrade() {
        WebSocketHandshakeException e = refused(admin, CONFIGMAPS);
        assertThat(e.getResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void http11ClientsAreAuthenticatedByTheirCertificate() throws Exception {
        HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.context(Files.readString(k3s.dataDir.resolve("server/tls/server-ca.crt")),
                        Files.readString(k3s.dataDir.resolve("server/tls/client-admin.crt")),
                        Files.readString(k3s.dataDir.resolve("server/tls/client-admin.key")))).build();
        HttpResponse<String> r = h1.send(HttpRequest.newBuilder(URI.create(k3s.url(CONFIGMAPS))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebSocket open(HttpClient client, String path, Recorder rec) throws Exception {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("wss://127.0.0.1:" + k3s.port + path), rec).get(10, TimeUnit.SECONDS);
    }

    private WebSocketHandshakeException refused(HttpClient client, String path) {
        Throwable t = catchThrowable(() -> open(client, path, new Recorder()));
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebSocketHandshakeException e) {
                return e;
            }
        }
        throw new AssertionError("expected the handshake to be refused", t);
    }

    /** Collects whole text messages, pongs, the close code and errors. */
    private static final class Recorder implements WebSocket.Listener {

        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> pongs = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            errors.add(new AssertionError("unexpected binary message"));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.add(error);
            closed.completeExceptionally(error);
        }
    }
}
