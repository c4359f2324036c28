package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.Pem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTlsTest {

    @TempDir
    Path dir;

    static ServerConfig config(List<String> tlsSans) {
        return new ServerConfig(Path.of("/tmp/x"), null, null, Path.of("/tmp/k.yaml"), null, 6443, null, null,
                tlsSans, null, List.of(), List.of(), List.of(), "10.42.0.0/16", "10.43.0.0/16", "10.43.0.10",
                "cluster.local", null, List.of(), false, false, "vxlan");
    }

    private static ServingNames names(List<String> sans) throws Exception {
        return ServingNames.of(config(sans), "myhost", List.of(InetAddress.getByName("192.0.2.7")));
    }

    @Test
    void createsCasAndLeavesWithK3sNamesAndPrivateKeys() throws Exception {
        ClusterCertificates certs = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of("k3s.example.com", "203.0.113.9")));
        for (String name : List.of("server-ca", "client-ca", "request-header-ca", "serving-kube-apiserver", "client-admin")) {
            assertThat(dir.resolve(name + ".crt")).exists();
            assertThat(Files.getPosixFilePermissions(dir.resolve(name + ".key"))).isEqualTo(KeyFiles.SECRET);
        }
        X509Certificate serving = certs.serving().certificate();
        List<String> sans = new ArrayList<>();
        for (List<?> san : serving.getSubjectAlternativeNames()) {
            sans.add(san.get(1).toString());
        }
        assertThat(sans).contains("localhost", "myhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "k3s.example.com",
                "127.0.0.1", "10.43.0.1", "192.0.2.7", "203.0.113.9");
        assertThat(sans.stream().anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1"))).isTrue();
        serving.verify(certs.serverCa().certificate().getPublicKey());

        X509Certificate admin = certs.admin().certificate();
        assertThat(admin.getSubjectX500Principal().getName()).contains("CN=system:admin").contains("O=system:masters");
        admin.verify(certs.clientCa().certificate().getPublicKey());

        X509Certificate ca = certs.serverCa().certificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(Duration.between(Instant.now(), ca.getNotAfter().toInstant()).toDays()).isBetween(3640L, 3651L);
        assertThat(Duration.between(Instant.now(), serving.getNotAfter().toInstant()).toDays()).isBetween(360L, 366L);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void restartReusesEverything() throws Exception {
        ClusterCertificates first = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of()));
        ClusterCertificates second = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of()));
        assertThat(second.serverCa().certificate()).isEqualTo(first.serverCa().certificate());
        assertThat(second.serving().certificate()).isEqualTo(first.serving().certificate());
        assertThat(second.admin().certificate()).isEqualTo(first.admin().certificate());
    }

    @Test
    void leavesCloseToExpiryAreRenewedButCasKept() throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(300)), ZoneOffset.UTC);
        ClusterCertificates old = new ClusterTls(dir, past).ensure(names(List.of()));
        ClusterCertificates now = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of()));
        assertThat(now.serverCa().certificate()).isEqualTo(old.serverCa().certificate());
        assertThat(now.serving().certificate()).isNotEqualTo(old.serving().certificate());
        assertThat(now.admin().certificate()).isNotEqualTo(old.admin().certificate());
        assertThat(Pem.certificates(KeyFiles.read(dir.resolve("serving-kube-apiserver.crt"))).getFirst())
                .isEqualTo(now.serving().certificate());
    }

    @Test
    void aNewTlsSanReissuesTheServingCertificate() throws Exception {
        ClusterCertificates before = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of()));
        ClusterCertificates after = new ClusterTls(dir, Clock.systemUTC()).ensure(names(List.of("new.example.com")));
        assertThat(after.serving().certificate()).isNotEqualTo(before.serving().certificate());
        assertThat(after.admin().certificate()).isEqualTo(before.admin().certificate());
    }
}
