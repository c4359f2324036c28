package io.k3j.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.controllers.endpoint.EndpointSubsets.Address;
import io.k3j.controllers.endpoint.EndpointSubsets.Port;
import io.k3j.controllers.endpoint.EndpointSubsets.Subset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EndpointSubsetsTest {

    static Address addr(String ip, String uid) {
        return new Address(ip, null, "sim-0", "default", "pod-" + uid, uid);
    }

    static final Port HTTP = new Port("http", 8080, "TCP", null);
    static final Port METRICS = new Port("metrics", 9090, "TCP", null);

    @Test
    void repackMergesAddressesWithEqualPortSets() {
        List<Subset> in = List.of(
                EndpointSubsets.single(addr("10.0.0.2", "b"), HTTP, true),
                EndpointSubsets.single(addr("10.0.0.2", "b"), METRICS, true),
                EndpointSubsets.single(addr("10.0.0.1", "a"), METRICS, true),
                EndpointSubsets.single(addr("10.0.0.1", "a"), HTTP, true),
                EndpointSubsets.single(addr("10.0.0.3", "c"), HTTP, true));
        List<Subset> out = EndpointSubsets.repack(in);
        assertThat(out).hasSize(2);
        Subset both = out.stream().filter(s -> s.ports().size() == 2).findFirst().orElseThrow();
        assertThat(both.addresses()).extracting(Address::ip).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(both.ports()).containsExactly(HTTP, METRICS);
        Subset httpOnly = out.stream().filter(s -> s.ports().size() == 1).findFirst().orElseThrow();
        assertThat(httpOnly.addresses()).extracting(Address::ip).containsExactly("10.0.0.3");
        assertThat(httpOnly.ports()).containsExactly(HTTP);
    }

    @Test
    void repackKeepsReadyAndNotReadyApartAndIsOrderIndependent() {
        List<Subset> in = new ArrayList<>(List.of(
                EndpointSubsets.single(addr("10.0.0.1", "a"), HTTP, true),
                EndpointSubsets.single(addr("10.0.0.4", "d"), HTTP, false),
                EndpointSubsets.single(addr("10.0.0.2", "b"), HTTP, true)));
        List<Subset> out = EndpointSubsets.repack(in);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().addresses()).extracting(Address::ip).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(out.getFirst().notReadyAddresses()).extracting(Address::ip).containsExactly("10.0.0.4");
        java.util.Collections.reverse(in);
        assertThat(EndpointSubsets.repack(in)).isEqualTo(out);
    }

    @Test
    void repackKeepsAddressesWithoutPorts() {
        List<Subset> out = EndpointSubsets.repack(List.of(EndpointSubsets.single(addr("10.0.0.1", "a"), null, true)));
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().ports()).isEmpty();
        assertThat(out.getFirst().addresses()).hasSize(1);
    }

    @Test
    void truncateCutsNotReadyFirstThenReady() {
        List<Address> ready = new ArrayList<>();
        List<Address> notReady = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ready.add(addr("10.0.0." + i, "r" + i));
            notReady.add(addr("10.0.1." + i, "n" + i));
        }
        List<Subset> in = List.of(new Subset(ready, notReady, List.of(HTTP)));
        List<Subset> cut = EndpointSubsets.truncate(in, 10);
        assertThat(cut.getFirst().addresses()).hasSize(8);
        assertThat(cut.getFirst().notReadyAddresses()).hasSize(2);
        List<Subset> cutReady = EndpointSubsets.truncate(in, 5);
        assertThat(cutReady.getFirst().addresses()).hasSize(5);
        assertThat(cutReady.getFirst().notReadyAddresses()).isEmpty();
        assertThat(EndpointSubsets.truncate(in, 16)).isSameAs(in);
    }

    @Test
    void truncateSharesCapacityProportionally() {
        List<Address> a = new ArrayList<>();
        List<Address> b = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            a.add(addr("10.1." + i / 250 + "." + i % 250, "a" + i));
        }
        for (int i = 0; i < 900; i++) {
            b.add(addr("10.2." + i / 250 + "." + i % 250, "b" + i));
        }
        List<Subset> cut = EndpointSubsets.truncate(List.of(new Subset(a, List.of(), List.of(HTTP)),
                new Subset(b, List.of(), List.of(METRICS))), EndpointSubsets.MAX_CAPACITY);
        assertThat(EndpointSubsets.count(cut)).isEqualTo(1000);
        assertThat(cut.get(0).addresses()).hasSize(400);
        assertThat(cut.get(1).addresses()).hasSize(600);
    }

    static ObjectNode pod() {
        ObjectNode pod = Json.object();
        ObjectNode c = pod.putObject("spec").putArray("containers").addObject();
        c.put("name", "app");
        ObjectNode p = c.putArray("ports").addObject();
        p.put("name", "http");
        p.put("containerPort", 8080);
        ObjectNode udp = ((tools.jackson.databind.node.ArrayNode) c.get("ports")).addObject();
        udp.put("name", "dns");
        udp.put("containerPort", 5353);
        udp.put("protocol", "UDP");
        return pod;
    }

    static ObjectNode servicePort(int port, Object target, String protocol) {
        ObjectNode sp = Json.object();
        sp.put("port", port);
        if (target instanceof Integer i) {
            sp.put("targetPort", i);
        } else if (target instanceof String s) {
            sp.put("targetPort", s);
        }
        if (protocol != null) {
            sp.put("protocol", protocol);
        }
        return sp;
    }

    @Test
    void findPortResolvesNumbersAndNamesOfTheSameProtocol() {
        ObjectNode pod = pod();
        assertThat(EndpointPods.findPort(pod, servicePort(80, 9000, null))).isEqualTo(OptionalInt.of(9000));
        assertThat(EndpointPods.findPort(pod, servicePort(80, null, null))).isEqualTo(OptionalInt.of(80));
        assertThat(EndpointPods.findPort(pod, servicePort(80, "http", "TCP"))).isEqualTo(OptionalInt.of(8080));
        assertThat(EndpointPods.findPort(pod, servicePort(53, "dns", "UDP"))).isEqualTo(OptionalInt.of(5353));
        assertThat(EndpointPods.findPort(pod, servicePort(53, "dns", "TCP"))).isEmpty();
        assertThat(EndpointPods.findPort(pod, servicePort(80, "missing", null))).isEmpty();
    }
}
