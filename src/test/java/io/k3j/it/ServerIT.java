package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.Pem;
import io.k3j.pki.Token;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A running {@code k3s server} as K3s users and the real kubectl see it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerIT {

    private K3sProcess k3s;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir);
        Files.writeString(k3s.config, "tls-san:\n  - k3s.test.example\nwrite-kubeconfig-mode: \"0640\"\n");
        k3s.start("--tls-san", "192.0.2.77");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private Path tls(String name) {
        return k3s.dataDir.resolve("server/tls").resolve(name);
    }

    @Test
    void pingAndCacertsAnswerWithoutAuthentication() throws Exception {
        HttpResponse<String> ping = k3s.get("/ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("pong");

        HttpResponse<String> ca = k3s.get("/cacerts");
        assertThat(ca.statusCode()).isEqualTo(200);
        assertThat(ca.body()).isEqualTo(Files.readString(tls("server-ca.crt")));
        String token = Files.readString(k3s.dataDir.resolve("server/token")).strip();
        assertThat(token).isEqualTo(Token.parse(token, "server").withCa(ca.body()).full());
        assertThat(Files.readString(k3s.dataDir.resolve("server/node-token")).strip()).isEqualTo(token);
    }

    @Test
    void healthEndpointsAnswer() throws Exception {
        for (String path : List.of("/healthz", "/livez", "/readyz")) {
            HttpResponse<String> r = k3s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }
        HttpResponse<String> verbose = k3s.get("/readyz?verbose");
        assertThat(verbose.body()).contains("[+]ping ok").contains("[+]etcd ok").contains("readyz check passed");
    }

    @Test
    void everythingButHealthAndVersionNeedsAClientCertificate() throws Exception {
        assertThat(k3s.get("/version").statusCode()).isEqualTo(200);
        for (String path : List.of("/api", "/apis", "/api/v1/namespaces", "/anything")) {
            HttpResponse<String> r = k3s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            JsonNode status = JsonMapper.builder().build().readTree(r.body());
            assertThat(status.get("kind").asString()).isEqualTo("Status");
            assertThat(status.get("reason").asString()).isEqualTo("Unauthorized");
            assertThat(status.get("code").asInt()).isEqualTo(401);
        }
    }

    @Test
    void versionWithTheAdminCertificate() throws Exception {
        HttpClient admin = Tls.mutualClient(Files.readString(tls("server-ca.crt")),
                Files.readString(tls("client-admin.crt")), Files.readString(tls("client-admin.key")));
        HttpResponse<String> r = k3s.get(admin, "/version");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode v = JsonMapper.builder().build().readTree(r.body());
        assertThat(v.get("major").asString()).isEqualTo("1");
        assertThat(v.get("minor").asString()).isEqualTo("33");
        assertThat(v.get("gitVersion").asString()).startsWith("v1.33.").contains("+k3j");
        assertThat(k3s.get(admin, "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theServerTokenAuthenticatesAsUserServer() throws Exception {
        Path passwd = k3s.dataDir.resolve("server/cred/passwd");
        assertThat(Files.getPosixFilePermissions(passwd)).isEqualTo(KeyFiles.SECRET);
        String token = Files.readString(k3s.dataDir.resolve("server/token")).strip();
        String password = token.substring(token.lastIndexOf(':') + 1);
        assertThat(Files.readString(passwd)).isEqualTo(password + ",server,server,k3s:server\n");
        HttpClient client = Tls.mutualClient(Files.readString(tls("server-ca.crt")), null, null);
        for (String bearer : List.of(token, password)) {
            HttpResponse<String> api = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(k3s.url("/api")))
                    .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> pods = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(k3s.url("/api/v1/namespaces/default/pods")))
                .header("Authorization", "Bearer " + password).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pods.statusCode()).isEqualTo(403);
        assertThat(pods.body()).contains("User \\\"server\\\" cannot list resource \\\"pods\\\"");
        HttpResponse<String> bad = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(k3s.url("/api")))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(401);
    }

    @Test
    void servingCertificateCarriesTheRequiredNames() throws Exception {
        X509Certificate serving = Pem.certificates(Files.readString(tls("serving-kube-apiserver.crt"))).getFirst();
        List<String> sans = new ArrayList<>();
        for (List<?> san : serving.getSubjectAlternativeNames()) {
            sans.add(san.get(1).toString());
        }
        assertThat(sans).contains("k3s.test.example", "192.0.2.77", "kubernetes.default.svc.cluster.local",
                "10.43.0.1", "127.0.0.1", "localhost");
    }

    @Test
    void keysAndKubeconfigHaveTheRightModes() throws Exception {
        try (var files = Files.list(k3s.dataDir.resolve("server/tls"))) {
            for (Path key : files.filter(p -> p.toString().endsWith(".key")).toList()) {
                assertThat(Files.getPosixFilePermissions(key)).as(key.toString()).isEqualTo(KeyFiles.SECRET);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k3s.kubeconfig))).isEqualTo("rw-r-----");
        assertThat(Files.readString(k3s.kubeconfig)).contains("server: https://127.0.0.1:" + k3s.port);
    }

    @Test
    void realKubectlTalksToTheServer() throws Exception {
        List<String> kubectls = new ArrayList<>(List.of("/usr/bin/kubectl"));
        for (String v : List.of("1.27", "1.30", "1.33")) {
            kubectls.add("/usr/lib/google-cloud-sdk/bin/kubectl." + v);
        }
        int ran = 0;
        for (String kubectl : kubectls) {
            if (!Files.isExecutable(Path.of(kubectl))) {
                continue;
            }
            // stdout only: older clients print a version-skew warning on stderr
            Process p = new ProcessBuilder(kubectl, "--kubeconfig", k3s.kubeconfig.toString(), "version", "-o", "json")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(kubectl + ": " + out).isZero();
            JsonNode v = JsonMapper.builder().build().readTree(out);
            assertThat(v.get("serverVersion").get("gitVersion").asString()).as(kubectl).contains("+k3j");
            ran++;
        }
        assertThat(ran).as("no kubectl installed").isPositive();
    }

    @Test
    void kubectlSubcommandUsesTheGivenKubeconfig() throws Exception {
        K3sProcess.Result r = K3sProcess.run(java.util.Map.of("KUBECONFIG", k3s.kubeconfig.toString()),
                "kubectl", "version", "-o", "json");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("\"serverVersion\"").contains("+k3j");
    }
}
