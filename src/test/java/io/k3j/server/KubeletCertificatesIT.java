package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.HttpTransport;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.pki.ClientTls;
import io.k3j.pki.NodePasswordHash;
import io.k3j.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.node.ObjectNode;

/**
 * The supervisor's kubelet certificate endpoints over real HTTPS, and what the certificate they
 * sign may do: the Node authorizer and NodeRestriction as a joining node sees them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeletCertificatesIT {

    private static final Resource NODES = Resource.core("nodes");
    private static final Resource SECRETS = Resource.core("secrets");
    private static final Resource LEASES = Resource.of("coordination.k8s.io", "v1", "leases");

    private TestCluster cluster;
    private String caPem;
    private HttpClient http;
    private String token;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster();
        caPem = Files.readString(cluster.config.tlsDir().resolve("server-ca.crt"));
        http = HttpClient.newBuilder().sslContext(ClientTls.context(caPem, null, null)).build();
        token = cluster.server.tokens().server().password();
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private URI url(String path) {
        return URI.create("https://127.0.0.1:" + cluster.server.address().getPort() + path);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> kubeletCert(String kind, String node, String password) throws Exception {
        return get("/v1-k3s/" + kind + "-kubelet.crt", Map.of("Authorization", basic("node", token),
                "K3s-Node-Name", node, "K3s-Node-Password", password));
    }

    private ApiClient asNode(String pem) {
        return new ApiClient(HttpTransport.withClientCertificate(url(""), caPem, pem, pem));
    }

    private static int code(Runnable r) {
        ApiException e = catchThrowableOfType(ApiException.class, r::run);
        return e == null ? 200 : e.status().code();
    }

    /** Updates node edge-1 as {@code client} after {@code change}, again on a conflict; the final status code. */
    private static int updateOwn(ApiClient client, java.util.function.Consumer<ObjectNode> change) {
        return writeOwn(client, false, change);
    }

    private static int writeOwn(ApiClient client, boolean status, java.util.function.Consumer<ObjectNode> change) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode n = client.get(NODES, null, "edge-1");
            change.accept(n);
            int code = code(() -> {
                if (status) {
                    client.updateStatus(NODES, null, n);
                } else {
                    client.update(NODES, null, n);
                }
            });
            if (code != 409 || attempt == 5) {
                return code;
            }
        }
    }

    private static ObjectNode node(String name) {
        ObjectNode n = Json.object().put("apiVersion", "v1").put("kind", "Node");
        n.putObject("metadata").put("name", name);
        return n;
    }

    private static ObjectNode lease(String name) {
        ObjectNode l = Json.object().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        l.putObject("metadata").put("name", name).put("namespace", "kube-node-lease");
        l.putObject("spec").put("holderIdentity", name);
        return l;
    }

    @Test
    void withoutTheTokenNothingIsSigned() throws Exception {
        String path = "/v1-k3s/client-kubelet.crt";
        Map<String, String> node = Map.of("K3s-Node-Name", "x", "K3s-Node-Password", "p");
        assertThat(get(path, node).statusCode()).isEqualTo(401);
        assertThat(get(path, Map.of("Authorization", basic("node", "wrong"), "K3s-Node-Name", "x",
                "K3s-Node-Password", "p")).statusCode()).isEqualTo(401);
        assertThat(get(path, Map.of("Authorization", "Bearer not-the-token", "K3s-Node-Name", "x",
                "K3s-Node-Password", "p")).statusCode()).isEqualTo(401);
        assertThat(get(path, Map.of("Authorization", basic("server", "wrong"), "K3s-Node-Name", "x",
                "K3s-Node-Password", "p")).statusCode()).isEqualTo(401);
        assertThat(get(path, Map.of("Authorization", basic("node", token), "K3s-Node-Password", "p")).statusCode())
                .isEqualTo(400);
        assertThat(kubeletCert("client", "Not_A_Name", "p").statusCode()).isEqualTo(400);
    }

    @Test
    void aNodeNameKeepsThePasswordItFirstCameWith() throws Exception {
        HttpResponse<String> first = kubeletCert("client", "pw-node", "first-password");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        ObjectNode secret = cluster.inProcess().get(SECRETS, "kube-system", "pw-node.node-password.k3s");
        assertThat(secret.path("type").asString()).isEqualTo("k3s.cattle.io/node-password");
        assertThat(secret.path("immutable").asBoolean()).isTrue();
        String hash = new String(Base64.getDecoder().decode(secret.path("data").path("hash").asString()));
        assertThat(NodePasswordHash.verify(hash, "first-password")).isTrue();

        assertThat(kubeletCert("client", "pw-node", "first-password").statusCode()).isEqualTo(200);
        HttpResponse<String> other = kubeletCert("client", "pw-node", "second-password");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("Node password rejected for node \\\"pw-node\\\"");
        assertThat(kubeletCert("serving", "pw-node", "second-password").statusCode()).isEqualTo(403);
    }

    @Test
    void signsAClientCertificateForTheNodeAndAServingOneForItsName() throws Exception {
        HttpResponse<String> r = kubeletCert("client", "cert-node", "pw");
        assertThat(r.statusCode()).isEqualTo(200);
        List<X509Certificate> chain = Pem.certificates(r.body());
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=system:node:cert-node,O=system:nodes");
        chain.get(0).verify(Pem.certificates(Files.readString(cluster.config.tlsDir().resolve("client-ca.crt")))
                .getFirst().getPublicKey());
        assertThat(Pem.privateKey(r.body())).isNotNull();

        HttpResponse<String> serving = get("/v1-k3s/serving-kubelet.crt", Map.of("Authorization", basic("node", token),
                "K3s-Node-Name", "cert-node", "K3s-Node-Password", "pw", "K3s-Node-IP", "10.1.2.3"));
        assertThat(serving.statusCode()).isEqualTo(200);
        X509Certificate cert = Pem.certificates(serving.body()).getFirst();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cert-node");
        cert.verify(Pem.certificates(caPem).getFirst().getPublicKey());
        assertThat(cert.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()))
                .contains("cert-node", "localhost", "127.0.0.1", "10.1.2.3");
    }

    @Test
    void theNodeCredentialReachesItsOwnNodeAndLeaseOnly() throws Exception {
        ApiClient edge = asNode(kubeletCert("client", "edge-1", "pw").body());
        ApiClient admin = cluster.inProcess();
        admin.create(NODES, null, node("edge-2"));

        edge.create(NODES, null, node("edge-1"));
        assertThat(code(() -> edge.create(NODES, null, node("edge-3")))).isEqualTo(403);
        assertThat(writeOwn(edge, true, n -> n.putObject("status").putArray("conditions").addObject()
                .put("type", "Ready").put("status", "True"))).isEqualTo(200);
        assertThat(edge.get(NODES, null, "edge-1").path("status").path("conditions").get(0).path("status").asString())
                .isEqualTo("True");
        assertThat(updateOwn(edge, n -> ((ObjectNode) n.path("metadata")).putObject("labels").put("team", "edge")))
                .isEqualTo(200);

        ObjectNode theirs = admin.get(NODES, null, "edge-2");
        ((ObjectNode) theirs.path("metadata")).putObject("labels").put("stolen", "true");
        assertThat(code(() -> edge.update(NODES, null, theirs))).isEqualTo(403);
        assertThat(code(() -> edge.updateStatus(NODES, null, theirs))).isEqualTo(403);
        assertThat(code(() -> edge.get(NODES, null, "edge-2"))).isEqualTo(403);

        assertThat(updateOwn(edge, n -> ((ObjectNode) n.path("spec")).putArray("taints").addObject().put("key", "x")
                .put("effect", "NoSchedule"))).isEqualTo(403);

        assertThat(code(() -> edge.create(LEASES, "kube-node-lease", lease("edge-1")))).isEqualTo(200);
        assertThat(code(() -> edge.create(LEASES, "kube-node-lease", lease("edge-2")))).isEqualTo(403);

        assertThat(code(() -> edge.list(SECRETS, null, ListOptions.all()))).isEqualTo(403);
        assertThat(code(() -> edge.list(SECRETS, "kube-system", ListOptions.all()))).isEqualTo(403);
        assertThat(code(() -> edge.get(SECRETS, "kube-system", "edge-1.node-password.k3s"))).isEqualTo(403);
        assertThat(code(() -> edge.list(Resource.core("services"), null, ListOptions.all()))).isEqualTo(200);
    }
}
