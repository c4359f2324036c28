package io.k3j.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpsTest {

    @Test
    void allocatesLowestFreeAddressPerNodeAndKeepsItPerUid() {
        PodIps ips = new PodIps();
        assertThat(ips.allocate("n1", "10.42.1.0/24", "a")).contains("10.42.1.2");
        assertThat(ips.allocate("n1", "10.42.1.0/24", "b")).contains("10.42.1.3");
        assertThat(ips.allocate("n2", "10.42.2.0/24", "c")).contains("10.42.2.2");
        assertThat(ips.allocate("n1", "10.42.1.0/24", "a")).contains("10.42.1.2");
        ips.release("a");
        assertThat(ips.inUse("n1")).isEqualTo(1);
        assertThat(ips.allocate("n1", "10.42.1.0/24", "d")).contains("10.42.1.2");
    }

    @Test
    void exhaustsAfter253Addresses() {
        PodIps ips = new PodIps();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            seen.add(ips.allocate("n0", "10.42.0.0/24", "p" + i).orElseThrow());
        }
        assertThat(seen).hasSize(253).contains("10.42.0.2", "10.42.0.254").doesNotContain("10.42.0.1");
        assertThat(ips.allocate("n0", "10.42.0.0/24", "one-more")).isEmpty();
        ips.release("p7");
        assertThat(ips.allocate("n0", "10.42.0.0/24", "one-more")).contains("10.42.0.9");
    }

    @Test
    void usesWhateverCidrNodeIpamGaveTheNode() {
        PodIps ips = new PodIps();
        assertThat(ips.allocate("edge", "10.42.17.0/24", "a")).contains("10.42.17.2");
        assertThat(ips.allocate("wide", "10.50.0.0/23", "b")).contains("10.50.0.2");
        for (int i = 0; i < 600; i++) {
            ips.allocate("wide", "10.50.0.0/23", "w" + i);
        }
        assertThat(ips.allocate("wide", "10.50.0.0/23", "late")).isEmpty();
        assertThat(ips.inUse("wide")).isEqualTo(509);
        assertThatThrownBy(() -> ips.allocate("v6", "fd00::/64", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ips.allocate("tiny", "10.1.1.0/31", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reservesAddressesFoundAtStart() {
        PodIps ips = new PodIps();
        String cidr = "10.42.3.0/24";
        assertThat(ips.reserve("n3", cidr, "x", "10.42.3.2")).isTrue();
        assertThat(ips.reserve("n3", cidr, "x", "10.42.3.2")).isTrue();
        assertThat(ips.reserve("n3", cidr, "y", "10.42.3.2")).isFalse();
        assertThat(ips.reserve("n3", cidr, "y", "10.42.4.5")).isFalse();
        assertThat(ips.reserve("n3", cidr, "y", "10.42.3.255")).isFalse();
        assertThat(ips.reserve("n3", cidr, "y", "not-an-ip")).isFalse();
        assertThat(ips.allocate("n3", cidr, "z")).contains("10.42.3.3");
        assertThat(ips.allocate("big", PodIps.podCidr(300), "big")).contains("10.64.44.2");
        assertThat(ips.reserve("big", PodIps.podCidr(300), "big2", "10.64.44.3")).isTrue();
        assertThat(ips.allocate("big", PodIps.podCidr(300), "big3")).contains("10.64.44.4");
    }

    @Test
    void nodeAddressesAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < SimulatedNodes.MAX_NODES; i++) {
            String ip = PodIps.nodeIp(i);
            assertThat(ip).startsWith("10.200.").doesNotEndWith(".0");
            seen.add(ip);
        }
        assertThat(seen).hasSize(SimulatedNodes.MAX_NODES);
        assertThat(PodIps.nodeIp(0)).isEqualTo("10.200.0.1");
        assertThat(PodIps.podCidr(7)).isEqualTo("10.42.7.0/24");
        assertThat(PodIps.podCidr(255)).isEqualTo("10.42.255.0/24");
        assertThat(PodIps.podCidr(256)).isEqualTo("10.64.0.0/24");
        assertThat(PodIps.podCidr(999)).isEqualTo("10.66.231.0/24");
    }
}
