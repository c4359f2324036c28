package io.k3j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrsTest {

    @Test
    void firstHostOfServiceCidrs() {
        assertThat(Cidrs.firstHost("10.43.0.0/16").getHostAddress()).isEqualTo("10.43.0.1");
        assertThat(Cidrs.firstHost("10.43.7.9/16").getHostAddress()).isEqualTo("10.43.0.1");
        assertThat(Cidrs.firstHost("192.168.1.0/24").getHostAddress()).isEqualTo("192.168.1.1");
        assertThat(Cidrs.firstHost("fd00:43::/112").getHostAddress()).isEqualTo("fd00:43:0:0:0:0:0:1");
        assertThatThrownBy(() -> Cidrs.firstHost("10.43.0.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidrs.firstHost("10.43.0.0/40")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recognisesIpLiteralsWithoutResolving() {
        assertThat(Cidrs.isIpLiteral("10.0.0.1")).isTrue();
        assertThat(Cidrs.isIpLiteral("::1")).isTrue();
        assertThat(Cidrs.isIpLiteral("300.0.0.1")).isFalse();
        assertThat(Cidrs.isIpLiteral("example.com")).isFalse();
    }
}
