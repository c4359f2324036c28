package io.k3j.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NodeAuthorizerTest {

    /** Pods and other objects in memory. */
    static final class FakeGraph implements NodeGraph {
        final List<ObjectNode> objects = new ArrayList<>();

        @Override
        public List<ObjectNode> pods(String namespace) {
            return objects.stream().filter(o -> "Pod".equals(o.path("kind").asString()))
                    .filter(o -> namespace == null || namespace.equals(o.path("metadata").path("namespace").asString()))
                    .toList();
        }

        @Override
        public ObjectNode find(String group, String resource, String namespace, String name) {
            String kind = switch (resource) {
                case "pods" -> "Pod";
                case "persistentvolumeclaims" -> "PersistentVolumeClaim";
                default -> "VolumeAttachment";
            };
            return objects.stream().filter(o -> kind.equals(o.path("kind").asString()))
                    .filter(o -> name.equals(o.path("metadata").path("name").asString()))
                    .filter(o -> namespace == null || Objects.equals(namespace,
                            o.path("metadata").path("namespace").asString()))
                    .findFirst().orElse(null);
        }
    }

    private final FakeGraph graph = new FakeGraph();
    private final NodeAuthorizer authorizer = new NodeAuthorizer(graph, a -> false);
    private static final UserInfo EDGE = new UserInfo("system:node:edge-1",
            List.of("system:nodes", "system:authenticated"));

    private static Attributes request(UserInfo user, String verb, String group, String resource, String sub,
                                      String namespace, String name) {
        return new Attributes(user, verb, true, group, resource, sub, namespace, name, "/");
    }

    private boolean allowed(String verb, String group, String resource, String sub, String namespace, String name) {
        return authorizer.allowed(request(EDGE, verb, group, resource, sub, namespace, name));
    }

    private ObjectNode pod(String name, String node, String json) {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree(("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns\"},"
                + "\"spec\":{\"nodeName\":\"%s\",%s}}").formatted(name, node, json));
        graph.objects.add(pod);
        return pod;
    }

    @Test
    void aNodeWritesItsOwnNodeOnly() {
        assertThat(allowed("get", "", "nodes", null, null, "edge-1")).isTrue();
        assertThat(allowed("update", "", "nodes", null, null, "edge-1")).isTrue();
        assertThat(allowed("patch", "", "nodes", "status", null, "edge-1")).isTrue();
        assertThat(allowed("create", "", "nodes", null, null, null)).isTrue();
        assertThat(allowed("update", "", "nodes", null, null, "edge-2")).isFalse();
        assertThat(allowed("patch", "", "nodes", "status", null, "edge-2")).isFalse();
        assertThat(allowed("get", "", "nodes", null, null, "edge-2")).isFalse();
        assertThat(allowed("list", "", "nodes", null, null, null)).isFalse();
        assertThat(allowed("delete", "", "nodes", null, null, "edge-1")).isFalse();
        assertThat(authorizer.authorize(request(EDGE, "update", "", "nodes", null, null, "edge-2")).reason())
                .isEqualTo("node 'edge-1' cannot update 'edge-2', only its own Node object");
    }

    @Test
    void secretsAndConfigMapsOnlyWhenAPodOnTheNodeUsesThem() {
        pod("web", "edge-1", """
                "volumes":[{"name":"v","secret":{"secretName":"tls"}},
                           {"name":"p","projected":{"sources":[{"configMap":{"name":"settings"}}]}}],
                "containers":[{"name":"c","env":[{"name":"X","valueFrom":{"secretKeyRef":{"name":"db","key":"k"}}}]}]""");
        pod("other", "edge-2", "\"imagePullSecrets\":[{\"name\":\"registry\"}]");
        assertThat(allowed("get", "", "secrets", null, "ns", "tls")).isTrue();
        assertThat(allowed("get", "", "secrets", null, "ns", "db")).isTrue();
        assertThat(allowed("watch", "", "secrets", null, "ns", "db")).isTrue();
        assertThat(allowed("get", "", "configmaps", null, "ns", "settings")).isTrue();
        assertThat(allowed("get", "", "secrets", null, "ns", "registry")).isFalse();
        assertThat(allowed("get", "", "secrets", null, "other-ns", "tls")).isFalse();
        assertThat(allowed("list", "", "secrets", null, "ns", null)).isFalse();
        assertThat(allowed("list", "", "secrets", null, null, null)).isFalse();
        assertThat(allowed("update", "", "secrets", null, "ns", "tls")).isFalse();
        assertThat(authorizer.authorize(request(EDGE, "get", "", "secrets", null, "ns", "registry")).reason())
                .isEqualTo("no relationship found between node 'edge-1' and this object");
    }

    @Test
    void claimsVolumesAndTokensFollowThePodsOfTheNode() {
        pod("db", "edge-1", "\"serviceAccountName\":\"dbsa\",\"volumes\":[{\"name\":\"data\","
                + "\"persistentVolumeClaim\":{\"claimName\":\"data-db\"}}]");
        graph.objects.add((ObjectNode) Json.MAPPER.readTree("{\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":"
                + "\"data-db\",\"namespace\":\"ns\"},\"spec\":{\"volumeName\":\"pv-1\"}}"));
        assertThat(allowed("get", "", "persistentvolumeclaims", null, "ns", "data-db")).isTrue();
        assertThat(allowed("get", "", "persistentvolumes", null, null, "pv-1")).isTrue();
        assertThat(allowed("get", "", "persistentvolumes", null, null, "pv-2")).isFalse();
        assertThat(allowed("create", "", "serviceaccounts", "token", "ns", "dbsa")).isTrue();
        assertThat(allowed("create", "", "serviceaccounts", "token", "ns", "default")).isFalse();
    }

    @Test
    void leasesNamedAfterTheNodeInTheNodeLeaseNamespace() {
        String group = "coordination.k8s.io";
        assertThat(allowed("create", group, "leases", null, "kube-node-lease", null)).isTrue();
        assertThat(allowed("update", group, "leases", null, "kube-node-lease", "edge-1")).isTrue();
        assertThat(allowed("update", group, "leases", null, "kube-node-lease", "edge-2")).isFalse();
        assertThat(allowed("get", group, "leases", null, "kube-system", "edge-1")).isFalse();
        assertThat(allowed("list", group, "leases", null, "kube-node-lease", null)).isFalse();
    }

    @Test
    void podStatusDeletionAndEvictionOnlyForPodsBoundToTheNode() {
        pod("mine", "edge-1", "\"containers\":[]");
        pod("theirs", "edge-2", "\"containers\":[]");
        assertThat(allowed("update", "", "pods", "status", "ns", "mine")).isTrue();
        assertThat(allowed("patch", "", "pods", "status", "ns", "theirs")).isFalse();
        assertThat(allowed("delete", "", "pods", null, "ns", "mine")).isTrue();
        assertThat(allowed("delete", "", "pods", null, "ns", "theirs")).isFalse();
        assertThat(allowed("create", "", "pods", "eviction", "ns", "theirs")).isFalse();
        assertThat(allowed("list", "", "pods", null, null, null)).isTrue();
        assertThat(allowed("update", "", "pods", null, "ns", "mine")).isFalse();
    }

    @Test
    void everythingElseIsTheSystemNodeRoleAndNoMore() {
        assertThat(allowed("list", "", "services", null, null, null)).isTrue();
        assertThat(allowed("create", "", "events", null, "ns", null)).isTrue();
        assertThat(allowed("create", "authentication.k8s.io", "tokenreviews", null, null, null)).isTrue();
        assertThat(allowed("get", "apps", "deployments", null, "ns", "web")).isFalse();
        assertThat(allowed("create", "", "namespaces", null, null, null)).isFalse();
        assertThat(authorizer.allowed(new Attributes(EDGE, "get", false, null, null, null, null, null, "/version")))
                .isFalse();
    }

    @Test
    void otherUsersAndNodeNamesWithoutTheGroupGoToTheNextAuthorizer() {
        UserInfo admin = new UserInfo("alice", List.of("system:authenticated"));
        UserInfo fake = new UserInfo("system:node:edge-1", List.of("system:authenticated"));
        assertThat(authorizer.allowed(request(admin, "update", "", "nodes", null, null, "edge-1"))).isFalse();
        assertThat(authorizer.allowed(request(fake, "update", "", "nodes", null, null, "edge-1"))).isFalse();
        NodeAuthorizer permissive = new NodeAuthorizer(graph, a -> true);
        assertThat(permissive.allowed(request(admin, "list", "", "secrets", null, null, null))).isTrue();
        assertThat(permissive.allowed(request(EDGE, "list", "", "secrets", null, null, null))).isTrue();
    }
}
