package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NetworkingPrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void ingressesShowClassHostsAddressesAndPorts() {
        TableConvertor p = Printers.forResource("ingresses.networking.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Class", "Hosts", "Address", "Ports",
                "Age");
        ObjectNode tls = obj("""
                {"metadata":{"name":"web","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"ingressClassName":"traefik","tls":[{"hosts":["a.example.com"]}],
                  "rules":[{"host":"a.example.com"},{"host":"b.example.com"}]},
                 "status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"},{"hostname":"lb.example.com"},
                  {"ip":"10.0.0.10"},{"ip":"10.0.0.9"}]}}}""");
        assertThat(p.cells(tls, NOW)).containsExactly("web", "traefik", "a.example.com,b.example.com",
                "10.0.0.10,10.0.0.9,lb.example.com", "80, 443", "60m");
        ObjectNode catchAll = obj("""
                {"metadata":{"name":"all","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"defaultBackend":{"service":{"name":"s","port":{"number":80}}}}}""");
        assertThat(p.cells(catchAll, NOW)).containsExactly("all", "<none>", "*", "", "80", "60m");
        ObjectNode many = obj("""
                {"metadata":{"name":"many"},"spec":{"rules":[{"host":"a"},{},{"host":"b"},{"host":"c"},
                 {"host":"d"}]}}""");
        assertThat(p.cells(many, NOW).get(2)).isEqualTo("a,b,c + 2 more...");
    }

    @Test
    void ingressClassesShowControllerAndParameters() {
        TableConvertor p = Printers.forResource("ingressclasses.networking.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Controller", "Parameters", "Age");
        ObjectNode withParams = obj("""
                {"metadata":{"name":"external-lb","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"controller":"example.com/ingress-controller",
                  "parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}}}""");
        assertThat(p.cells(withParams, NOW)).containsExactly("external-lb", "example.com/ingress-controller",
                "IngressParameters.k8s.example.com/external-lb", "60m");
        ObjectNode traefik = obj("""
                {"metadata":{"name":"traefik","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"controller":"traefik.io/ingress-controller"}}""");
        assertThat(p.cells(traefik, NOW)).containsExactly("traefik", "traefik.io/ingress-controller", "<none>", "60m");
    }

    @Test
    void networkPoliciesShowThePodSelectorWithExpressions() {
        TableConvertor p = Printers.forResource("networkpolicies.networking.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "Pod-Selector", "Age");
        ObjectNode np = obj("""
                {"metadata":{"name":"db","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"podSelector":{"matchLabels":{"role":"db"},
                  "matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]},
                   {"key":"canary","operator":"DoesNotExist"}]}}}""");
        assertThat(p.cells(np, NOW)).containsExactly("db", "!canary,role=db,tier in (a,b)", "60m");
        ObjectNode denyAll = obj("""
                {"metadata":{"name":"deny","creationTimestamp":"2026-11-27T11:00:00Z"},"spec":{"podSelector":{}}}""");
        assertThat(p.cells(denyAll, NOW)).containsExactly("deny", "<none>", "60m");
    }

    @Test
    void endpointSlicesListPortsAndAddresses() {
        TableConvertor p = Printers.forResource("endpointslices.discovery.k8s.io");
        assertThat(p.columns()).extracting(Column::name).containsExactly("Name", "AddressType", "Ports", "Endpoints",
                "Age");
        ObjectNode slice = obj("""
                {"metadata":{"name":"web-abc12","creationTimestamp":"2026-11-27T11:00:00Z"},"addressType":"IPv4",
                 "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics"},{}],
                 "endpoints":[{"addresses":["10.42.0.5"]},{"addresses":["10.42.0.6","10.42.0.7"]},
                  {"addresses":["10.42.0.8"]},{"addresses":["10.42.0.9"]}]}""");
        assertThat(p.cells(slice, NOW)).containsExactly("web-abc12", "IPv4", "8080,metrics,*",
                "10.42.0.5,10.42.0.6,10.42.0.7 + 2 more...", "60m");
        ObjectNode empty = obj("""
                {"metadata":{"name":"kubernetes","creationTimestamp":"2026-11-27T11:00:00Z"},"addressType":"IPv4"}""");
        assertThat(p.cells(empty, NOW)).containsExactly("kubernetes", "IPv4", "<unset>", "<unset>", "60m");
    }
}
