package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenTest {

    private static final String HASH = "a".repeat(64);

    @Test
    void parsesFullToken() {
        Token t = Token.parse("K10" + HASH + "::server:s3cret", "node");
        assertThat(t.caHash()).isEqualTo(HASH);
        assertThat(t.username()).isEqualTo("server");
        assertThat(t.password()).isEqualTo("s3cret");
        assertThat(t.full()).isEqualTo("K10" + HASH + "::server:s3cret");
    }

    @Test
    void parsesShortAndBootstrapTokensWithTheDefaultUser() {
        Token shortToken = Token.parse("mysecret", "server");
        assertThat(shortToken.caHash()).isNull();
        assertThat(shortToken.username()).isEqualTo("server");
        assertThat(shortToken.password()).isEqualTo("mysecret");
        Token bootstrap = Token.parse("abcdef.0123456789abcdef", "node");
        assertThat(bootstrap.username()).isEqualTo("node");
        assertThat(bootstrap.password()).isEqualTo("abcdef.0123456789abcdef");
        Token userPass = Token.parse("alice:pw", "node");
        assertThat(userPass.username()).isEqualTo("alice");
        assertThat(userPass.password()).isEqualTo("pw");
    }

    @Test
    void rejectsMalformedTokens() {
        assertThatThrownBy(() -> Token.parse("K10" + "a".repeat(63) + "::server:x", "server"))
                .isInstanceOf(PkiException.class).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Token.parse("K11" + HASH + "::server:x", "server"))
                .isInstanceOf(PkiException.class).hasMessageContaining("starts with K10");
        assertThatThrownBy(() -> Token.parse("X10" + HASH + "::server:x", "server"))
                .isInstanceOf(PkiException.class).hasMessageContaining("starts with K10");
        assertThatThrownBy(() -> Token.parse("K10" + HASH + "::serverx", "server"))
                .isInstanceOf(PkiException.class).hasMessageContaining("<username>:<password>");
        assertThatThrownBy(() -> Token.parse("K10" + HASH, "server"))
                .isInstanceOf(PkiException.class).hasMessageContaining("missing '::'");
        assertThatThrownBy(() -> Token.parse("  ", "server")).isInstanceOf(PkiException.class);
        assertThatThrownBy(() -> Token.parse("a b", "server")).isInstanceOf(PkiException.class);
        assertThatThrownBy(() -> Token.parse(":pw", "server")).isInstanceOf(PkiException.class);
    }

    @Test
    void caHashIsSha256HexOfTheBundle() {
        // sha256("abc")
        assertThat(Token.caHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Token t = new Token(null, "server", "pw").withCa("abc");
        assertThat(t.trusts("abc")).isTrue();
        assertThat(t.trusts("abd")).isFalse();
        assertThat(new Token(null, "server", "pw").trusts("anything")).isTrue();
    }

    @Test
    void generatesBootstrapTokensAndSecrets() {
        String a = Token.generateBootstrap();
        String b = Token.generateBootstrap();
        assertThat(a).matches("[a-z0-9]{6}\\.[a-z0-9]{16}").isNotEqualTo(b);
        assertThat(Token.isBootstrap(a)).isTrue();
        assertThat(Token.randomSecret()).matches("[0-9a-f]{32}");
    }
}
