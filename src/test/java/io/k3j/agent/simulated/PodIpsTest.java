package io.k3j.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpsTest {

    @Test
    void allocatesLowestFreeAddressPerNodeAndKeepsItPerUid() {
        PodIps ips = new PodIps();
        assertThat(ips.allocate(1, "a")).contains("10.42.1.2");
        assertThat(ips.allocate(1, "b")).contains("10.42.1.3");
        assertThat(ips.allocate(2, "c")).contains("10.42.2.2");
        assertThat(ips.allocate(1, "a")).contains("10.42.1.2");
        ips.release("a");
        assertThat(ips.inUse(1)).isEqualTo(1);
        assertThat(ips.allocate(1, "d")).contains("10.42.1.2");
    }

    @Test
    void exhaustsAfter253Addresses() {
        PodIps ips = new PodIps();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 253; i++) {
            seen.add(ips.allocate(0, "p" + i).orElseThrow());
        }
        assertThat(seen).hasSize(253).contains("10.42.0.2", "10.42.0.254").doesNotContain("10.42.0.1");
        assertThat(ips.allocate(0, "one-more")).isEmpty();
        ips.release("p7");
        assertThat(ips.allocate(0, "one-more")).contains("10.42.0.9");
    }

    @Test
    void reservesAddressesFoundAtStart() {
        PodIps ips = new PodIps();
        assertThat(ips.reserve(3, "x", "10.42.3.2")).isTrue();
        assertThat(ips.reserve(3, "x", "10.42.3.2")).isTrue();
        assertThat(ips.reserve(3, "y", "10.42.3.2")).isFalse();
        assertThat(ips.reserve(3, "y", "10.42.4.5")).isFalse();
        assertThat(ips.reserve(3, "y", "10.42.3.255")).isFalse();
        assertThat(ips.allocate(3, "z")).contains("10.42.3.3");
        assertThat(ips.allocate(300, "big")).contains("10.64.44.2");
        assertThat(ips.reserve(300, "big2", "10.64.44.3")).isTrue();
        assertThat(ips.allocate(300, "big3")).contains("10.64.44.4");
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
