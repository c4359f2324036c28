package io.k3j.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

public class EndpointsBuilderTest {

    public static ObjectNode service(boolean publishNotReady, String clusterIp) {
        ObjectNode svc = Json.object();
        svc.putObject("metadata").put("name", "web").put("namespace", "ns").putObject("labels").put("tier", "front");
        ObjectNode spec = svc.putObject("spec");
        spec.putObject("selector").put("app", "web");
        spec.put("clusterIP", clusterIp);
        spec.put("publishNotReadyAddresses", publishNotReady);
        ObjectNode p = spec.putArray("ports").addObject();
        p.put("name", "http");
        p.put("port", 80);
        p.put("targetPort", 8080);
        return svc;
    }

    public static ObjectNode pod(String name, String ip, boolean ready) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name).put("namespace", "ns").put("uid", "uid-" + name);
        meta.putObject("labels").put("app", "web");
        pod.putObject("spec").put("nodeName", "sim-0").putArray("containers").addObject().put("name", "c");
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Running");
        status.put("podIP", ip);
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "Ready").put("status", ready ? "True" : "False");
        return pod;
    }

    static List<String> ips(ObjectNode ep, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : ep.path("subsets")) {
            s.path(field).forEach(a -> out.add(a.path("ip").asString()));
        }
        return out;
    }

    @Test
    void readyNotReadyTerminatingAndFinishedPods() {
        ObjectNode terminating = pod("t", "10.0.0.3", true);
        ((ObjectNode) terminating.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
        ObjectNode done = pod("d", "10.0.0.4", false);
        ((ObjectNode) done.get("spec")).put("restartPolicy", "Never");
        ((ObjectNode) done.get("status")).put("phase", "Succeeded");
        ObjectNode noIp = pod("n", "", true);
        List<ObjectNode> pods = List.of(pod("a", "10.0.0.1", true), pod("b", "10.0.0.2", false), terminating, done, noIp);

        ObjectNode ep = EndpointsBuilder.desired(service(false, "10.43.0.5"), pods, null, null);
        assertThat(ips(ep, "addresses")).containsExactly("10.0.0.1");
        assertThat(ips(ep, "notReadyAddresses")).containsExactly("10.0.0.2");
        assertThat(ep.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(ep.path("subsets").get(0).path("addresses").get(0).path("nodeName").asString()).isEqualTo("sim-0");

        ObjectNode published = EndpointsBuilder.desired(service(true, "10.43.0.5"), pods, null, null);
        assertThat(ips(published, "addresses")).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(ips(published, "notReadyAddresses")).isEmpty();
    }

    @Test
    void hostnameWhenTheSubdomainNamesTheService() {
        ObjectNode named = pod("a", "10.0.0.1", true);
        ((ObjectNode) named.get("spec")).put("hostname", "alpha").put("subdomain", "web");
        ObjectNode other = pod("b", "10.0.0.2", true);
        ((ObjectNode) other.get("spec")).put("hostname", "beta").put("subdomain", "elsewhere");
        ObjectNode ep = EndpointsBuilder.desired(service(false, "None"), List.of(named, other), null, null);
        JsonNode addresses = ep.path("subsets").get(0).path("addresses");
        assertThat(addresses.get(0).path("hostname").asString()).isEqualTo("alpha");
        assertThat(addresses.get(1).has("hostname")).isFalse();
    }

    @Test
    void labelsAndAnnotations() {
        ObjectNode ep = EndpointsBuilder.desired(service(false, "None"), List.of(), null,
                Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ep.path("metadata").path("labels").path("tier").asString()).isEqualTo("front");
        assertThat(ep.path("metadata").path("labels").path(EndpointsBuilder.MANAGED_BY_LABEL).asString())
                .isEqualTo("endpoint-controller");
        assertThat(ep.path("metadata").path("labels").has(EndpointsBuilder.HEADLESS_LABEL)).isTrue();
        assertThat(ep.path("metadata").path("annotations").path(TriggerTimeTracker.ANNOTATION).asString())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(ep.has("subsets")).isFalse();
        ObjectNode again = EndpointsBuilder.desired(service(false, "None"), List.of(), ep, null);
        assertThat(EndpointsBuilder.upToDate(ep, again)).isTrue();
        ObjectNode clustered = EndpointsBuilder.desired(service(false, "10.43.0.5"), List.of(), ep, null);
        assertThat(clustered.path("metadata").path("labels").has(EndpointsBuilder.HEADLESS_LABEL)).isFalse();
        assertThat(EndpointsBuilder.upToDate(ep, clustered)).isFalse();
    }

    @Test
    void overCapacityIsTruncatedAndMarked() {
        List<ObjectNode> pods = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            pods.add(pod("p" + i, "10.1." + i / 250 + "." + i % 250, true));
        }
        ObjectNode ep = EndpointsBuilder.desired(service(false, "10.43.0.5"), pods, null, null);
        assertThat(ips(ep, "addresses")).hasSize(1000);
        assertThat(ep.path("metadata").path("annotations").path(EndpointsBuilder.OVER_CAPACITY).asString())
                .isEqualTo("truncated");
        ObjectNode fewer = EndpointsBuilder.desired(service(false, "10.43.0.5"), pods.subList(0, 10), ep, null);
        assertThat(fewer.path("metadata").path("annotations").has(EndpointsBuilder.OVER_CAPACITY)).isFalse();
        assertThat(ips(fewer, "addresses")).hasSize(10);
    }
}
