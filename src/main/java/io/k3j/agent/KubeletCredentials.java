package io.k3j.agent;

import io.k3j.api.Json;
import io.k3j.pki.ClientTls;
import io.k3j.pki.KeyFiles;
import io.k3j.pki.Pem;
import io.k3j.pki.Token;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's client certificate, fetched from the supervisor as K3s agents fetch it:
 * {@code GET /v1-k3s/client-kubelet.crt} over HTTPS trusting only the cluster CA, with basic auth
 * {@code node:<token secret>} and the node's name and password in {@code K3s-Node-Name} and
 * {@code K3s-Node-Password}. The answer (certificate, CA, key) is kept in the agent directory as
 * K3s keeps it: {@code client-kubelet.crt}, {@code client-kubelet.key} (0600), {@code server-ca.crt}
 * and a {@code kubelet.kubeconfig} naming them. Immutable.
 */
public record KubeletCredentials(String certificatePem, String keyPem) {

    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*PRIVATE KEY)-----.*?-----END \\1-----\\s*", Pattern.DOTALL);

    /** Thrown for an answer other than 200: the status code and what the server said. */
    public static final class Refused extends JoinException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Asks {@code server} to sign a client certificate for {@code nodeName}. Refused for an HTTP
     * error (401: the token; 403: the node password), IOException when the server cannot be reached.
     */
    public static KubeletCredentials fetch(URI server, String caPem, Token token, String nodeName,
                                           String nodePassword) throws IOException, InterruptedException {
        URI uri = URI.create(server.toString().replaceAll("/+$", "") + "/v1-k3s/client-kubelet.crt");
        String basic = Base64.getEncoder().encodeToString(("node:" + token.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try (HttpClient http = HttpClient.newBuilder().sslContext(ClientTls.context(caPem, null, null))
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + basic)
                    .header("K3s-Node-Name", nodeName)
                    .header("K3s-Node-Password", nodePassword).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new Refused(r.statusCode(), "GET " + uri + " answered " + r.statusCode() + ": " + message(r.body()));
        }
        return parse(r.body());
    }

    /** Splits the supervisor's answer into the certificates (the node's first) and the key. */
    static KubeletCredentials parse(String body) {
        Matcher key = KEY.matcher(body);
        if (!key.find()) {
            throw new JoinException("the server sent no private key with the kubelet certificate");
        }
        String keyPem = key.group();
        String certs = key.replaceAll("");
        List<X509Certificate> chain = Pem.certificates(certs);
        if (chain.isEmpty()) {
            throw new JoinException("the server sent no kubelet certificate");
        }
        Pem.privateKey(keyPem);
        return new KubeletCredentials(certs.strip() + "\n", keyPem.strip() + "\n");
    }

    /** The node name the certificate was issued to ({@code system:node:<name>}), from its subject. */
    public String subject() {
        return Pem.certificates(certificatePem).getFirst().getSubjectX500Principal().getName();
    }

    /** Writes the certificate, key, CA and a kubeconfig for them into {@code agentDir}. */
    public void write(Path agentDir, URI server, String caPem) {
        Path cert = agentDir.resolve("client-kubelet.crt");
        Path key = agentDir.resolve("client-kubelet.key");
        Path ca = agentDir.resolve("server-ca.crt");
        KeyFiles.write(ca, caPem, KeyFiles.PUBLIC);
        KeyFiles.write(cert, certificatePem, KeyFiles.PUBLIC);
        KeyFiles.write(key, keyPem, KeyFiles.SECRET);
        KeyFiles.write(agentDir.resolve("kubelet.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    server: %s
                    certificate-authority: %s
                  name: local
                contexts:
                - context:
                    cluster: local
                    namespace: default
                    user: user
                  name: Default
                current-context: Default
                users:
                - name: user
                  user:
                    client-certificate: %s
                    client-key: %s
                """.formatted(server, ca.toAbsolutePath(), cert.toAbsolutePath(), key.toAbsolutePath()),
                KeyFiles.SECRET);
    }

    /** The message of a Status answer, else the body itself (shortened). */
    private static String message(String body) {
        String text = body.strip();
        try {
            String m = Json.parse(body.getBytes(StandardCharsets.UTF_8)).path("message").asString("");
            if (!m.isEmpty()) {
                text = m;
            }
        } catch (RuntimeException notJson) {
            // plain text
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
