package io.k3j.controllers.garbagecollector;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The garbage collector against a real in-process server: its own controller manager runs it. */
class GarbageCollectorIT {

    static final Resource CM = Resource.core("configmaps");
    static final Resource CRDS = Resource.of("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    static final Resource WIDGETS = Resource.of("gc.example.com", "v1", "widgets");
    static final String NS = "default";
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode configMap(String name, ObjectNode... owners) {
        return create(CM, "ConfigMap", "v1", name, owners);
    }

    static ObjectNode create(Resource r, String kind, String apiVersion, String name, ObjectNode... owners) {
        ObjectNode o = Json.object();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        ArrayNode refs = meta.putArray("ownerReferences");
        for (ObjectNode owner : owners) {
            refs.add(owner);
        }
        return client.create(r, NS, o);
    }

    static ObjectNode ref(ObjectNode owner, boolean block) {
        ObjectNode r = Json.object();
        r.put("apiVersion", owner.path("apiVersion").asString());
        r.put("kind", owner.path("kind").asString());
        r.put("name", Meta.name(owner));
        r.put("uid", Meta.uid(owner));
        if (block) {
            r.put("blockOwnerDeletion", true);
        }
        return r;
    }

    static boolean gone(Resource r, String name) {
        try {
            client.get(r, NS, name);
            return false;
        } catch (ApiException e) {
            return e.status().code() == 404;
        }
    }

    static void setFinalizers(Resource r, String name, String... finalizers) {
        ObjectNode o = client.get(r, NS, name);
        ArrayNode f = Meta.metadata(o).putArray("finalizers");
        for (String s : finalizers) {
            f.add(s);
        }
        client.update(r, NS, o);
    }

    @Test
    void deletingAnOwnerCollectsItsDependentsDownTheChain() throws Exception {
        ObjectNode a = configMap("bg-a");
        ObjectNode b = configMap("bg-b", ref(a, false));
        configMap("bg-c", ref(b, false));
        ObjectNode unrelated = configMap("bg-keep");
        client.delete(CM, NS, "bg-a", DeleteOptions.propagation("Background"));
        await(Duration.ofSeconds(20), () -> gone(CM, "bg-b") && gone(CM, "bg-c"));
        assertThat(client.get(CM, NS, Meta.name(unrelated))).isNotNull();
    }

    @Test
    void aDependentWhoseOwnerNeverExistedIsCollected() throws Exception {
        ObjectNode ghost = Json.object();
        ghost.put("apiVersion", "v1");
        ghost.put("kind", "ConfigMap");
        ghost.put("name", "never-was");
        ghost.put("uid", "0b5e1a52-0000-4000-8000-000000000001");
        configMap("ghost-dep", ghost);
        await(Duration.ofSeconds(20), () -> gone(CM, "ghost-dep"));
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependentsThenRemovesItsFinalizer() throws Exception {
        ObjectNode a = configMap("fg-a");
        ObjectNode b = configMap("fg-b", ref(a, true));
        configMap("fg-c", ref(b, true));
        configMap("fg-free", ref(a, false));
        setFinalizers(CM, "fg-c", "example.com/hold");
        client.delete(CM, NS, "fg-a", DeleteOptions.propagation("Foreground"));
        ObjectNode owner = client.get(CM, NS, "fg-a");
        assertThat(Meta.isDeleting(owner)).isTrue();
        assertThat(owner.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
        await(Duration.ofSeconds(20), () -> gone(CM, "fg-free"));
        await(Duration.ofSeconds(20), () -> Meta.isDeleting(client.get(CM, NS, "fg-c")));
        // b has a dependent of its own: it is deleted in the foreground too
        ObjectNode mid = client.get(CM, NS, "fg-b");
        assertThat(Meta.isDeleting(mid)).isTrue();
        assertThat(mid.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");
        Thread.sleep(1500);
        assertThat(gone(CM, "fg-a")).isFalse();
        setFinalizers(CM, "fg-c");
        await(Duration.ofSeconds(20), () -> gone(CM, "fg-c") && gone(CM, "fg-b") && gone(CM, "fg-a"));
    }

    @Test
    void foregroundDeletionOfAnOwnerWithoutDependentsFinishesAtOnce() throws Exception {
        configMap("fg-alone");
        client.delete(CM, NS, "fg-alone", DeleteOptions.propagation("Foreground"));
        await(Duration.ofSeconds(20), () -> gone(CM, "fg-alone"));
    }

    @Test
    void orphanDeletionKeepsDependentsAndDropsTheirReference() throws Exception {
        ObjectNode a = configMap("or-a");
        ObjectNode other = configMap("or-other");
        configMap("or-b", ref(a, true), ref(other, false));
        configMap("or-c", ref(a, false));
        client.delete(CM, NS, "or-a", DeleteOptions.propagation("Orphan"));
        await(Duration.ofSeconds(20), () -> gone(CM, "or-a"));
        ObjectNode b = client.get(CM, NS, "or-b");
        assertThat(b.path("metadata").path("ownerReferences")).hasSize(1);
        assertThat(b.path("metadata").path("ownerReferences").get(0).path("name").asString()).isEqualTo("or-other");
        ObjectNode c = client.get(CM, NS, "or-c");
        assertThat(c.path("metadata").has("ownerReferences")).isFalse();
        Thread.sleep(1000);
        assertThat(gone(CM, "or-c")).isFalse();
    }

    @Test
    void aDependentWithSeveralOwnersGoesOnlyWithTheLast() throws Exception {
        ObjectNode x = configMap("mo-x");
        ObjectNode y = configMap("mo-y");
        configMap("mo-d", ref(x, false), ref(y, false));
        client.delete(CM, NS, "mo-x");
        await(Duration.ofSeconds(20), () -> client.get(CM, NS, "mo-d").path("metadata").path("ownerReferences")
                .size() == 1);
        assertThat(client.get(CM, NS, "mo-d").path("metadata").path("ownerReferences").get(0).path("uid")
                .asString()).isEqualTo(Meta.uid(y));
        client.delete(CM, NS, "mo-y");
        await(Duration.ofSeconds(20), () -> gone(CM, "mo-d"));
    }

    @Test
    void customResourcesOwnAndAreOwned() throws Exception {
        client.create(CRDS, null, (ObjectNode) Json.parse("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"widgets.gc.example.com"},
                 "spec":{"group":"gc.example.com","scope":"Namespaced",
                   "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
                   "versions":[{"name":"v1","served":true,"storage":true,
                     "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}"""
                .getBytes()));
        ObjectNode[] w = new ObjectNode[1];
        await(Duration.ofSeconds(20), () -> {
            try {
                w[0] = create(WIDGETS, "Widget", "gc.example.com/v1", "cr-owner");
                return true;
            } catch (ApiException e) {
                return false;
            }
        });
        ObjectNode cm = configMap("cr-cm", ref(w[0], true));
        create(WIDGETS, "Widget", "gc.example.com/v1", "cr-dep", ref(cm, false));
        client.delete(WIDGETS, NS, "cr-owner", DeleteOptions.propagation("Foreground"));
        await(Duration.ofSeconds(40), () -> gone(WIDGETS, "cr-owner") && gone(CM, "cr-cm") && gone(WIDGETS, "cr-dep"));
    }

    @Test
    void aClusterScopedDependentOfANamespacedOwnerIsReportedAndKept() throws Exception {
        ObjectNode owner = configMap("inv-owner");
        Resource clusterRoles = Resource.of("rbac.authorization.k8s.io", "v1", "clusterroles");
        ObjectNode role = Json.object();
        role.putObject("metadata").put("name", "gc-invalid-owner").putArray("ownerReferences").add(ref(owner, false));
        client.create(clusterRoles, null, role);
        await(Duration.ofSeconds(20), () -> {
            for (JsonNode e : client.listAll(Resource.core("events"), NS, ListOptions.all())) {
                if (e.path("reason").asString("").equals("OwnerRefInvalidNamespace")
                        && e.path("involvedObject").path("name").asString("").equals("gc-invalid-owner")) {
                    return true;
                }
            }
            return false;
        });
        assertThat(client.get(clusterRoles, null, "gc-invalid-owner")).isNotNull();
    }

    @Test
    void legacyOrphanDependentsMapsToOrphan() throws Exception {
        ObjectNode a = configMap("lg-a");
        configMap("lg-b", ref(a, false));
        io.k3j.client.Transport.Response resp = client.transport().send(new io.k3j.client.Transport.Request("DELETE",
                CM.path(NS, "lg-a", null), java.util.Map.of(), java.util.Map.of("accept", "application/json",
                "content-type", "application/json"), "{\"orphanDependents\":true}".getBytes()));
        assertThat(resp.status()).isEqualTo(200);
        await(Duration.ofSeconds(20), () -> gone(CM, "lg-a"));
        await(Duration.ofSeconds(20), () -> !client.get(CM, NS, "lg-b").path("metadata").has("ownerReferences"));
        resp = client.transport().send(new io.k3j.client.Transport.Request("DELETE", CM.path(NS, "lg-b", null),
                java.util.Map.of(), java.util.Map.of("accept", "application/json", "content-type", "application/json"),
                "{\"orphanDependents\":true,\"propagationPolicy\":\"Background\"}".getBytes()));
        assertThat(resp.status()).isEqualTo(422);
    }
}
