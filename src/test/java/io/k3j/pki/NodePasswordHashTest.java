package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodePasswordHashTest {

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedInK3sFormat() {
        String hash = NodePasswordHash.create("s3cret");
        assertThat(hash).matches("\\$1:[0-9a-f]{16}:15:8:1:[A-Za-z0-9+/]{86}");
        assertThat(NodePasswordHash.verify(hash, "s3cret")).isTrue();
        assertThat(NodePasswordHash.verify(hash, "s3cret ")).isFalse();
        assertThat(NodePasswordHash.verify(hash, "other")).isFalse();
        assertThat(NodePasswordHash.create("s3cret")).isNotEqualTo(hash);
    }

    @Test
    void readsTheFormatWithTheScryptParametersItCarries() {
        // RFC 7914's second test vector: P="password", S="NaCl", N=1024 (2^10), r=8, p=16, 64 bytes
        byte[] key = HexFormat.of().parseHex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
        String hash = "$1:" + HexFormat.of().formatHex("NaCl".getBytes()) + ":10:8:16:"
                + Base64.getEncoder().withoutPadding().encodeToString(key);
        assertThat(NodePasswordHash.verify(hash, "password")).isTrue();
        assertThat(NodePasswordHash.verify(hash, "Password")).isFalse();
    }

    @Test
    void refusesMalformedOrOtherVersionsOrTooCostlyHashes() {
        String good = NodePasswordHash.create("pw");
        assertThat(NodePasswordHash.verify(good.replaceFirst("\\$1:", "\\$2:"), "pw")).isFalse();
        assertThat(NodePasswordHash.verify(good.replaceFirst(":15:", ":30:"), "pw")).isFalse();
        assertThat(NodePasswordHash.verify("$1:zz:15:8:1:AAAA", "pw")).isFalse();
        assertThat(NodePasswordHash.verify("plain", "pw")).isFalse();
        assertThat(NodePasswordHash.verify("", "pw")).isFalse();
        assertThat(NodePasswordHash.verify(null, "pw")).isFalse();
    }
}
