package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Service account tokens through kubectl 1.33: create token, use it, and the root CA config map. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAccountTokenIT {

    private K3sProcess k3s;
    private Kubectl k;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    /** A kubeconfig for the same server and CA without credentials: the caller passes --token. */
    private Kubectl anonymous() throws Exception {
        String server = k.ok("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}");
        String ca = k.ok("config", "view", "--minify", "--raw", "-o",
                "jsonpath={.clusters[0].cluster.certificate-authority-data}");
        Path config = dir.resolve("token.yaml");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: k3j
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                contexts:
                - name: k3j
                  context:
                    cluster: k3j
                current-context: k3j
                """.formatted(server, ca));
        return new Kubectl(Kubectl.binary("1.33"), config);
    }

    @Test
    void createdTokenAuthenticatesAsTheServiceAccount() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> k.run("get", "sa", "default").exit() == 0);
        String token = k.ok("create", "token", "default").strip();
        assertThat(token.split("\\.")).hasSize(3);
        Kubectl sa = anonymous();
        assertThat(sa.ok("--token=" + token, "auth", "whoami")).contains("system:serviceaccount:default:default")
                .contains("system:serviceaccounts:default").contains("authentication.kubernetes.io/credential-id");
        // the admin kubeconfig's client certificate would win over --token, as upstream authenticates it first
        assertThat(k.ok("--token=" + token, "auth", "whoami")).contains("system:admin");
        assertThat(sa.run("--token=" + token, "get", "pods").all()).contains("Forbidden")
                .contains("system:serviceaccount:default:default");
        Kubectl.Result tooShort = k.run("create", "token", "default", "--duration=5m");
        assertThat(tooShort.exit()).isNotZero();
        assertThat(tooShort.all()).contains("may not specify a duration less than 10 minutes");
    }

    @Test
    void rootCaConfigMapIsPublished() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> k.run("get", "cm", "kube-root-ca.crt").exit() == 0);
        assertThat(k.ok("get", "cm", "kube-root-ca.crt", "-o", "jsonpath={.data.ca\\.crt}"))
                .isEqualTo(Files.readString(k3s.dataDir.resolve("server/tls/server-ca.crt")));
    }
}
