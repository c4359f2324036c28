package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ServiceStrategyTest {

    private final ServiceStrategy strategy = new ServiceStrategy();

    @Test
    void minimalServiceGetsUpstreamDefaults() {
        ObjectNode svc = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        assertSameJson(svc.get("spec"), """
                {"selector":{"app":"web"},"ports":[{"port":80,"protocol":"TCP","targetPort":80}],
                 "type":"ClusterIP","sessionAffinity":"None","internalTrafficPolicy":"Cluster",
                 "ipFamilyPolicy":"SingleStack"}""");
        assertSameJson(svc.get("status"), """
                {"loadBalancer":{}}""");
        assertThat(strategy.validate(svc)).isEmpty();
        assertThat(strategy.nameIsLabel()).isTrue();
    }

    @Test
    void loadBalancerAndClientIpDefaults() {
        ObjectNode svc = created(strategy, """
                {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP",
                  "ports":[{"name":"http","port":80,"targetPort":"http"},
                    {"name":"dns","port":53,"protocol":"UDP"}]}}""");
        assertSameJson(svc.get("spec"), """
                {"type":"LoadBalancer","sessionAffinity":"ClientIP",
                 "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},
                 "ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"},
                   {"name":"dns","port":53,"protocol":"UDP","targetPort":53}],
                 "externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster","ipFamilyPolicy":"SingleStack",
                 "allocateLoadBalancerNodePorts":true}""");
        assertThat(strategy.validate(svc)).isEmpty();
    }

    @Test
    void userValuesAreKeptAndExternalNameGetsNoTrafficPolicies() {
        ObjectNode svc = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"type":"NodePort","externalTrafficPolicy":"Local",
                  "internalTrafficPolicy":"Local","ipFamilyPolicy":"PreferDualStack",
                  "ports":[{"port":80,"targetPort":8080,"nodePort":30080}]}}""");
        assertThat(svc.at("/spec/externalTrafficPolicy").asString()).isEqualTo("Local");
        assertThat(svc.at("/spec/internalTrafficPolicy").asString()).isEqualTo("Local");
        assertThat(svc.at("/spec/ipFamilyPolicy").asString()).isEqualTo("PreferDualStack");
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        ObjectNode external = created(strategy, """
                {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"example.com"}}""");
        assertSameJson(external.get("spec"), """
                {"type":"ExternalName","externalName":"example.com","sessionAffinity":"None"}""");
        assertThat(strategy.validate(external)).isEmpty();
    }

    @Test
    void headlessServicesNeedNoPorts() {
        ObjectNode svc = created(strategy, """
                {"metadata":{"name":"db"},"spec":{"clusterIP":"None","selector":{"app":"db"}}}""");
        assertThat(strategy.validate(svc)).isEmpty();
    }

    @Test
    void invalidServicesReportUpstreamCauses() {
        ObjectNode svc = created(strategy, """
                {"metadata":{"name":"1web"},"spec":{"type":"Magic","ports":[{"port":0,"nodePort":30000},
                  {"name":"http","port":80,"protocol":"HTTP","targetPort":"Http_Port"},{"name":"http","port":81}]}}""");
        assertThat(lines(strategy.validate(svc))).containsExactly(
                "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric"
                        + " characters or '-', start with an alphabetic character, and end with an alphanumeric"
                        + " character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                        + " '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.ports[0].name: Required value",
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].targetPort: Invalid value: \"Http_Port\": must contain only alpha-numeric characters"
                        + " (a-z, 0-9), and hyphens (-)",
                "spec.ports[2].name: Duplicate value: \"http\"",
                "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\","
                        + " \"LoadBalancer\", \"NodePort\"");
        ObjectNode noPorts = created(strategy, """
                {"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"nodePort":30080}]}}""");
        assertThat(lines(strategy.validate(noPorts)))
                .containsExactly("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
        ObjectNode empty = created(strategy, """
                {"metadata":{"name":"web"},"spec":{}}""");
        assertThat(lines(strategy.validate(empty))).containsExactly("spec.ports: Required value");
        ObjectNode external = created(strategy, """
                {"metadata":{"name":"ext"},"spec":{"type":"ExternalName"}}""");
        assertThat(lines(strategy.validate(external))).containsExactly("spec.externalName: Required value");
    }
}
