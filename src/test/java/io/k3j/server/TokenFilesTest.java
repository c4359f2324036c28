package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.pki.KeyFiles;
import io.k3j.pki.PkiException;
import io.k3j.pki.Token;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n";

    @TempDir
    Path dir;

    @Test
    void createsTheK3sTokenFiles() throws Exception {
        TokenFiles.Tokens tokens = TokenFiles.ensure(dir, CA, null, null);
        String content = Files.readString(dir.resolve("token")).strip();
        assertThat(content).matches("K10[0-9a-f]{64}::server:[0-9a-f]{32}");
        assertThat(content).startsWith("K10" + Token.caHash(CA) + "::server:");
        assertThat(Files.getPosixFilePermissions(dir.resolve("token"))).isEqualTo(KeyFiles.SECRET);
        assertThat(Files.readSymbolicLink(dir.resolve("node-token"))).isEqualTo(Path.of("token"));
        assertThat(Files.readSymbolicLink(dir.resolve("agent-token"))).isEqualTo(Path.of("token"));
        assertThat(tokens.server().full()).isEqualTo(content);
        assertThat(TokenFiles.ensure(dir, CA, null, null).server().full()).isEqualTo(content);
    }

    @Test
    void usesTheGivenShortOrFullToken() throws Exception {
        TokenFiles.ensure(dir, CA, "mysecret", null);
        assertThat(Files.readString(dir.resolve("token")).strip())
                .isEqualTo("K10" + Token.caHash(CA) + "::server:mysecret");
        // the same secret again, in full form, is accepted on restart
        TokenFiles.ensure(dir, CA, "K10" + Token.caHash(CA) + "::server:mysecret", null);
        assertThatThrownBy(() -> TokenFiles.ensure(dir, CA, "othersecret", null))
                .isInstanceOf(PkiException.class).hasMessageContaining("does not match");
    }

    @Test
    void rejectsAFullTokenForAnotherCa() {
        assertThatThrownBy(() -> TokenFiles.ensure(dir, CA, "K10" + "b".repeat(64) + "::server:x", null))
                .isInstanceOf(PkiException.class).hasMessageContaining("CA hash");
    }

    @Test
    void separateAgentToken() throws Exception {
        TokenFiles.Tokens tokens = TokenFiles.ensure(dir, CA, null, "agentpw");
        assertThat(Files.isSymbolicLink(dir.resolve("agent-token"))).isFalse();
        assertThat(Files.readString(dir.resolve("agent-token")).strip())
                .isEqualTo("K10" + Token.caHash(CA) + "::node:agentpw");
        assertThat(Files.getPosixFilePermissions(dir.resolve("agent-token"))).isEqualTo(KeyFiles.SECRET);
        assertThat(tokens.agent().password()).isEqualTo("agentpw");
        assertThat(tokens.server().password()).isNotEqualTo("agentpw");
    }
}
