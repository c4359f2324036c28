package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.pki.PkiException;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class KubeconfigTest {

    @Test
    void parsesOctalModes() {
        assertThat(PosixFilePermissions.toString(Kubeconfig.parseMode("644"))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Kubeconfig.parseMode("0640"))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Kubeconfig.parseMode("600"))).isEqualTo("rw-------");
        assertThatThrownBy(() -> Kubeconfig.parseMode("rw")).isInstanceOf(PkiException.class);
        assertThatThrownBy(() -> Kubeconfig.parseMode("1777")).isInstanceOf(PkiException.class);
    }

    @Test
    void rendersTheDefaultContext() {
        String yaml = Kubeconfig.render("https://127.0.0.1:6443", "CA", "CERT", "KEY");
        assertThat(yaml).contains("server: https://127.0.0.1:6443").contains("current-context: default")
                .contains("certificate-authority-data: Q0E=").contains("client-key-data: S0VZ");
    }
}
