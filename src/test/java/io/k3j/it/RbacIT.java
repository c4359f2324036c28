package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.Pem;
import io.k3j.server.Kubeconfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** RBAC as kubectl users see it: a user with a client certificate, bound to upstream's roles. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacIT {

    private K3sProcess k3s;
    private Kubectl admin;
    private Kubectl alice;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        CertKey clientCa = new CertKey(Pem.certificates(Files.readString(tls.resolve("client-ca.crt"))).getFirst(),
                Pem.privateKey(Files.readString(tls.resolve("client-ca.key"))));
        CertKey cert = new CertificateAuthority(clientCa, Clock.systemUTC()).issue("alice", List.of("devs"), List.of(),
                List.of(), List.of(CertificateAuthority.Usage.CLIENT), Duration.ofDays(1));
        Path kubeconfig = dir.resolve("alice.yaml");
        Files.writeString(kubeconfig, Kubeconfig.render(k3s.url(""), Files.readString(tls.resolve("server-ca.crt")),
                cert.certificatePem(), cert.keyPem()));
        admin = new Kubectl(Kubectl.binary("1.27"), k3s.kubeconfig);
        alice = new Kubectl(Kubectl.binary("1.27"), kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    @Test
    void bootstrapRolesExist() throws Exception {
        assertThat(admin.ok("get", "clusterroles", "-o", "name")).contains("clusterrole.rbac.authorization.k8s.io/cluster-admin",
                "clusterrole.rbac.authorization.k8s.io/view", "clusterrole.rbac.authorization.k8s.io/system:discovery");
        assertThat(admin.ok("get", "clusterrolebinding", "cluster-admin", "-o", "jsonpath={.subjects[0].name}"))
                .isEqualTo("system:masters");
    }

    @Test
    void aUserGetsOnlyWhatTheirBindingsGrant() throws Exception {
        Kubectl.Result who = alice.runWithInput("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":"
                + "\"SelfSubjectReview\"}", "create", "--raw", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "-f", "-");
        assertThat(who.out()).contains("\"username\":\"alice\"").contains("\"devs\"").contains("system:authenticated");
        assertThat(alice.ok("api-versions")).contains("apps/v1");
        Kubectl.Result denied = alice.run("get", "pods", "-n", "default");
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group"
                + " \"\" in the namespace \"default\"");
        assertThat(alice.run("auth", "can-i", "list", "pods", "-n", "default").out().strip()).isEqualTo("no");

        admin.ok("create", "rolebinding", "alice-view", "--clusterrole=view", "--group=devs", "-n", "default");
        assertThat(alice.ok("get", "pods", "-n", "default").isEmpty() || true).isTrue();
        assertThat(alice.run("auth", "can-i", "list", "pods", "-n", "default").out().strip()).isEqualTo("yes");
        assertThat(alice.run("auth", "can-i", "list", "pods", "-n", "kube-system").out().strip()).isEqualTo("no");
        assertThat(alice.run("auth", "can-i", "create", "configmaps", "-n", "default").out().strip()).isEqualTo("no");
        assertThat(alice.run("get", "secrets", "-n", "default").err()).contains("secrets is forbidden");
        assertThat(alice.run("get", "nodes").err()).contains("at the cluster scope");

        admin.ok("create", "clusterrolebinding", "alice-edit", "--clusterrole=edit", "--user=alice");
        assertThat(alice.run("auth", "can-i", "create", "deployments.apps", "-n", "kube-system").out().strip())
                .isEqualTo("yes");
        assertThat(alice.run("auth", "can-i", "create", "roles", "-n", "default").out().strip()).isEqualTo("no");
    }
}
