package io.k3j.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The endpoints and endpointslice controllers against a real server with three simulated nodes. */
class EndpointsControllerIT {

    static final Resource PODS = Resource.core("pods");
    static final Resource SERVICES = Resource.core("services");
    static final Resource ENDPOINTS = Resource.core("endpoints");
    static final Resource NODES = Resource.core("nodes");
    static final Resource SLICES = Resource.of("discovery.k8s.io", "v1", "endpointslices");
    static final String NS = "default";
    static final Duration WAIT = Duration.ofSeconds(20);

    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
        await().atMost(WAIT).until(() -> client.listAll(NODES, null, ListOptions.all()).size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode pod(String name, String app, String node, boolean namedPort) {
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("app", app);
        ObjectNode spec = pod.putObject("spec");
        spec.put("nodeName", node);
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", "app");
        c.put("image", "nginx");
        ObjectNode port = c.putArray("ports").addObject();
        port.put("containerPort", 8080);
        if (namedPort) {
            port.put("name", "http");
        }
        return pod;
    }

    static ObjectNode service(String name, String app) {
        ObjectNode svc = Json.object();
        svc.putObject("metadata").put("name", name).putObject("labels").put("tier", "front");
        ObjectNode spec = svc.putObject("spec");
        if (app != null) {
            spec.putObject("selector").put("app", app);
        }
        ObjectNode http = spec.putArray("ports").addObject();
        http.put("name", "http");
        http.put("port", 80);
        http.put("targetPort", "http");
        ObjectNode metrics = ((tools.jackson.databind.node.ArrayNode) spec.get("ports")).addObject();
        metrics.put("name", "metrics");
        metrics.put("port", 9000);
        metrics.put("targetPort", 9100);
        return svc;
    }

    static String ip(String pod) {
        return client.get(PODS, NS, pod).path("status").path("podIP").asString("");
    }

    static ObjectNode endpoints(String name) {
        try {
            return client.get(ENDPOINTS, NS, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    static List<ObjectNode> slices(String service) {
        return client.listAll(SLICES, NS, ListOptions.all().withLabelSelector("kubernetes.io/service-name=" + service));
    }

    static Set<String> ips(ObjectNode ep, String field) {
        Set<String> out = new TreeSet<>();
        for (JsonNode s : ep.path("subsets")) {
            for (JsonNode a : s.path(field)) {
                out.add(a.path("ip").asString());
            }
        }
        return out;
    }

    static List<JsonNode> sliceEndpoints(String service) {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectNode s : slices(service)) {
            s.path("endpoints").forEach(out::add);
        }
        return out;
    }

    static JsonNode sliceEndpointOf(String service, String pod) {
        return sliceEndpoints(service).stream().filter(e -> e.path("targetRef").path("name").asString().equals(pod))
                .findFirst().orElse(null);
    }

    @Test
    void endpointsAndSlicesFollowPodsAndGoWithTheService() {
        ObjectNode node = client.get(NODES, null, "sim-0");
        ((ObjectNode) node.path("metadata").path("labels")).put("topology.kubernetes.io/zone", "zone-a");
        client.update(NODES, null, node);
        client.create(PODS, NS, pod("web-0", "web", "sim-0", true));
        client.create(PODS, NS, pod("web-1", "web", "sim-1", true));
        client.create(PODS, NS, pod("web-2", "web", "sim-2", true));
        client.create(PODS, NS, pod("web-plain", "web", "sim-0", false));
        client.create(PODS, NS, pod("other", "other", "sim-1", true));
        ObjectNode svc = client.create(SERVICES, NS, service("web", "web"));
        await().atMost(WAIT).until(() -> Stream.of("web-0", "web-1", "web-2", "web-plain")
                .noneMatch(p -> ip(p).isEmpty()));
        Set<String> all = new TreeSet<>(List.of(ip("web-0"), ip("web-1"), ip("web-2"), ip("web-plain")));

        await().atMost(WAIT).until(() -> endpoints("web") != null && ips(endpoints("web"), "addresses").equals(all));
        ObjectNode ep = endpoints("web");
        assertThat(Meta.labels(ep)).containsEntry("endpoints.kubernetes.io/managed-by", "endpoint-controller")
                .containsEntry("tier", "front");
        JsonNode subsets = ep.path("subsets");
        assertThat(subsets).hasSize(2);
        for (JsonNode s : subsets) {
            if (s.path("ports").size() == 2) {
                // the named port resolves on the three pods that name it
                assertThat(s.path("addresses")).hasSize(3);
                assertThat(s.path("ports").toString()).contains("\"name\":\"http\"", "\"port\":8080",
                        "\"name\":\"metrics\"", "\"port\":9100");
            } else {
                assertThat(s.path("addresses")).singleElement().satisfies(a ->
                        assertThat(a.path("targetRef").path("name").asString()).isEqualTo("web-plain"));
                assertThat(s.path("ports")).singleElement().satisfies(p ->
                        assertThat(p.path("name").asString()).isEqualTo("metrics"));
            }
        }
        JsonNode web0 = null;
        for (JsonNode s : subsets) {
            for (JsonNode a : s.path("addresses")) {
                if (a.path("targetRef").path("name").asString().equals("web-0")) {
                    web0 = a;
                }
            }
        }
        assertThat(web0).isNotNull();
        assertThat(web0.path("nodeName").asString()).isEqualTo("sim-0");
        assertThat(web0.path("targetRef").path("kind").asString()).isEqualTo("Pod");
        assertThat(web0.path("targetRef").path("uid").asString()).isEqualTo(Meta.uid(client.get(PODS, NS, "web-0")));

        await().atMost(WAIT).until(() -> sliceEndpoints("web").size() == 4);
        List<ObjectNode> slices = slices("web");
        assertThat(slices).hasSize(2); // two port sets
        for (ObjectNode s : slices) {
            assertThat(Meta.name(s)).startsWith("web-");
            assertThat(s.path("addressType").asString()).isEqualTo("IPv4");
            assertThat(Meta.labels(s)).containsEntry("endpointslice.kubernetes.io/managed-by",
                    "endpointslice-controller.k8s.io").containsEntry("tier", "front");
            JsonNode owner = s.path("metadata").path("ownerReferences").get(0);
            assertThat(owner.path("kind").asString()).isEqualTo("Service");
            assertThat(owner.path("uid").asString()).isEqualTo(Meta.uid(svc));
            assertThat(owner.path("controller").asBoolean()).isTrue();
            assertThat(owner.path("blockOwnerDeletion").asBoolean()).isTrue();
        }
        JsonNode slice0 = sliceEndpointOf("web", "web-0");
        assertThat(slice0.path("addresses").get(0).asString()).isEqualTo(ip("web-0"));
        assertThat(slice0.path("zone").asString()).isEqualTo("zone-a");
        assertThat(slice0.path("nodeName").asString()).isEqualTo("sim-0");
        assertThat(slice0.path("conditions").path("ready").asBoolean()).isTrue();
        assertThat(slice0.path("conditions").path("serving").asBoolean()).isTrue();
        assertThat(slice0.path("conditions").path("terminating").asBoolean()).isFalse();
        String rvBefore = slices.stream().map(Meta::resourceVersion).sorted().toList().toString();
        String epRv = Meta.resourceVersion(ep);
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // settled: no rewrites without changes
        assertThat(Meta.resourceVersion(endpoints("web"))).isEqualTo(epRv);
        assertThat(slices("web").stream().map(Meta::resourceVersion).sorted().toList().toString()).isEqualTo(rvBefore);

        // a pod turning not ready
        ObjectNode pod = client.get(PODS, NS, "web-0");
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                ((ObjectNode) c).put("status", "False");
            }
        }
        client.updateStatus(PODS, NS, pod);
        await().atMost(WAIT).until(() -> ips(endpoints("web"), "notReadyAddresses").equals(Set.of(ip("web-0"))));
        assertThat(ips(endpoints("web"), "addresses")).doesNotContain(ip("web-0")).hasSize(3);
        await().atMost(WAIT).until(() -> !sliceEndpointOf("web", "web-0").path("conditions").path("ready").asBoolean());
        assertThat(sliceEndpointOf("web", "web-0").path("conditions").path("serving").asBoolean()).isFalse();
        assertThat(slices("web").stream().map(Meta::name).sorted().toList())
                .isEqualTo(slices.stream().map(Meta::name).sorted().toList());
        assertThat(rvBefore).isNotEqualTo(slices("web").stream().map(Meta::resourceVersion).sorted().toList().toString());

        // a pod deleted
        String gone = ip("web-1");
        client.delete(PODS, NS, "web-1");
        await().atMost(WAIT).until(() -> !ips(endpoints("web"), "addresses").contains(gone)
                && sliceEndpointOf("web", "web-1") == null);
        assertThat(sliceEndpoints("web")).hasSize(3);

        // the service deleted
        client.delete(SERVICES, NS, "web");
        await().atMost(WAIT).until(() -> endpoints("web") == null && slices("web").isEmpty());
    }

    @Test
    void servicesWithoutSelectorAreLeftToTheirOwners() throws Exception {
        client.create(SERVICES, NS, service("manual", null));
        ObjectNode ep = Json.object();
        ep.putObject("metadata").put("name", "manual");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", "192.0.2.10");
        subset.putArray("ports").addObject().put("port", 80);
        client.create(ENDPOINTS, NS, ep);
        ObjectNode withSelector = client.create(SERVICES, NS, service("empty", "nobody"));
        // the selector service gets an empty Endpoints and one placeholder slice
        await().atMost(WAIT).until(() -> endpoints("empty") != null && slices("empty").size() == 1);
        assertThat(endpoints("empty").path("subsets").isEmpty()).isTrue();
        assertThat(slices("empty").getFirst().path("endpoints").isEmpty()).isTrue();
        Thread.sleep(500);
        ObjectNode manual = endpoints("manual");
        assertThat(ips(manual, "addresses")).containsExactly("192.0.2.10");
        assertThat(Meta.labels(manual)).doesNotContainKey("endpoints.kubernetes.io/managed-by");
        assertThat(slices("manual")).isEmpty();
        assertThat(ips(endpoints("kubernetes"), "addresses")).isNotEmpty();

        // losing its selector removes the controller's slices; the Endpoints stays for the user
        ObjectNode svc = client.get(SERVICES, NS, "empty");
        ((ObjectNode) svc.path("spec")).remove("selector");
        client.update(SERVICES, NS, svc);
        await().atMost(WAIT).until(() -> slices("empty").isEmpty());
        assertThat(Meta.uid(withSelector)).isNotEmpty();
    }
}
