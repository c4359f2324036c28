package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantityTest {

    @Test
    void canonicalTextFollowsUpstream() {
        assertThat(Quantity.parse("0.1").toString()).isEqualTo("100m");
        assertThat(Quantity.parse("100m").toString()).isEqualTo("100m");
        assertThat(Quantity.parse("2000m").toString()).isEqualTo("2");
        assertThat(Quantity.parse("1500").toString()).isEqualTo("1500");
        assertThat(Quantity.parse("1000").toString()).isEqualTo("1k");
        assertThat(Quantity.parse("128Mi").toString()).isEqualTo("128Mi");
        assertThat(Quantity.parse("1024Mi").toString()).isEqualTo("1Gi");
        assertThat(Quantity.parse("1.5Gi").toString()).isEqualTo("1536Mi");
        assertThat(Quantity.parse("0").toString()).isEqualTo("0");
        assertThat(Quantity.parse("1G").toString()).isEqualTo("1G");
    }

    @Test
    void sumsKeepTheFirstFormat() {
        assertThat(Quantity.parse("64Mi").plus(Quantity.parse("64Mi")).toString()).isEqualTo("128Mi");
        assertThat(Quantity.ZERO.plus(Quantity.parse("1Gi")).toString()).isEqualTo("1Gi");
        assertThat(Quantity.parse("250m").plus(Quantity.parse("750m")).toString()).isEqualTo("1");
    }
}
