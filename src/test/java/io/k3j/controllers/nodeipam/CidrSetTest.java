package io.k3j.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CidrSetTest {

    @Test
    void handsOutTheNextFreeSubnetSkippingUsedOnes() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.free()).isEqualTo(256);
        assertThat(set.occupy("10.42.1.0/24")).isTrue();
        assertThat(set.occupy("10.42.2.0/24")).isTrue();
        assertThat(set.allocateNext()).contains("10.42.0.0/24");
        assertThat(set.allocateNext()).contains("10.42.3.0/24");
        assertThat(set.allocateNext()).contains("10.42.4.0/24");
        assertThat(set.isUsed("10.42.3.0/24")).isTrue();
        assertThat(set.isUsed("10.42.5.0/24")).isFalse();
    }

    @Test
    void aReleasedSubnetIsReusedOnlyAfterTheRestAsUpstreamRotates() {
        CidrSet set = new CidrSet("10.42.0.0/22", 24);
        assertThat(set.allocateNext()).contains("10.42.0.0/24");
        assertThat(set.allocateNext()).contains("10.42.1.0/24");
        assertThat(set.release("10.42.0.0/24")).isTrue();
        assertThat(set.allocateNext()).contains("10.42.2.0/24");
        assertThat(set.allocateNext()).contains("10.42.3.0/24");
        assertThat(set.allocateNext()).contains("10.42.0.0/24");
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void exhaustsAfterEverySubnetAndIgnoresCidrsOutsideTheRange() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.occupy("10.64.0.0/24")).isFalse();
        assertThat(set.occupy("fd00::/64")).isFalse();
        assertThat(set.occupy("garbage")).isFalse();
        assertThat(set.release("10.64.0.0/24")).isFalse();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            seen.add(set.allocateNext().orElseThrow());
        }
        assertThat(seen).hasSize(256).contains("10.42.255.0/24");
        assertThat(set.allocateNext()).isEmpty();
        assertThat(set.free()).isZero();
    }

    @Test
    void occupiesEverySubnetALargerOrUnalignedCidrTouches() {
        CidrSet set = new CidrSet("10.42.0.0/16", 24);
        assertThat(set.occupy("10.42.0.0/23")).isTrue();
        assertThat(set.occupy("10.42.7.9/24")).isTrue();
        assertThat(set.occupy("10.0.0.0/8")).isTrue();
        assertThat(set.free()).isZero();
        CidrSet small = new CidrSet("10.42.0.0/16", 24);
        assertThat(small.occupy("10.42.3.128/25")).isTrue();
        assertThat(small.isUsed("10.42.3.0/24")).isTrue();
    }

    @Test
    void refusesAMaskThatDoesNotFit() {
        assertThatThrownBy(() -> new CidrSet("10.42.0.0/25", 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CidrSet("10.0.0.0/4", 24)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NodeIpamController.firstIpv4("fd00:42::/56,10.42.0.0/16")).isEqualTo("10.42.0.0/16");
        assertThat(NodeIpamController.firstIpv4("fd00:42::/56")).isNull();
    }
}
