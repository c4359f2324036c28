package io.k3j.controllers.namespace;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Namespace deletion through the namespace controller against a real in-process server. */
class NamespaceControllerIT {

    static final Resource NAMESPACES = Resource.core("namespaces");
    static final Resource CM = Resource.core("configmaps");
    static final Resource SECRETS = Resource.core("secrets");
    static final Resource CRDS = Resource.of("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    static final Resource GADGETS = Resource.of("ns.example.com", "v1", "gadgets");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        client = cluster.inProcess();
        client.create(CRDS, null, (ObjectNode) Json.parse("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"gadgets.ns.example.com"},
                 "spec":{"group":"ns.example.com","scope":"Namespaced",
                   "names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
                   "versions":[{"name":"v1","served":true,"storage":true,
                     "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}"""
                .getBytes()));
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode named(String name) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("name", name);
        return o;
    }

    static boolean gone(Resource r, String ns, String name) {
        try {
            client.get(r, ns, name);
            return false;
        } catch (ApiException e) {
            return e.status().code() == 404;
        }
    }

    static JsonNode condition(ObjectNode ns, String type) {
        for (JsonNode c : ns.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c;
            }
        }
        return null;
    }

    static void createGadget(String ns, String name, String finalizer) throws InterruptedException {
        ObjectNode g = named(name);
        g.put("apiVersion", "ns.example.com/v1");
        g.put("kind", "Gadget");
        if (finalizer != null) {
            Meta.metadata(g).putArray("finalizers").add(finalizer);
        }
        await(Duration.ofSeconds(20), () -> {
            try {
                client.create(GADGETS, ns, g);
                return true;
            } catch (ApiException e) {
                if (e.status().code() == 409) {
                    return true;
                }
                return false;
            }
        });
    }

    @Test
    void deletingANamespaceRemovesItsContentThenTheNamespace() throws Exception {
        client.create(NAMESPACES, null, named("doomed"));
        client.create(CM, "doomed", named("c1"));
        client.create(CM, "doomed", named("c2"));
        ObjectNode secret = named("s1");
        secret.putObject("stringData").put("k", "v");
        client.create(SECRETS, "doomed", secret);
        createGadget("doomed", "g1", null);
        client.create(CM, "default", named("bystander"));

        client.delete(NAMESPACES, null, "doomed");
        await(Duration.ofSeconds(30), () -> gone(NAMESPACES, null, "doomed"));
        assertThat(gone(CM, "doomed", "c1")).isTrue();
        assertThat(gone(SECRETS, "doomed", "s1")).isTrue();
        assertThat(gone(GADGETS, "doomed", "g1")).isTrue();
        assertThat(gone(CM, "default", "bystander")).isFalse();
    }

    @Test
    void contentWithFinalizersHoldsTheNamespaceTerminatingWithConditions() throws Exception {
        client.create(NAMESPACES, null, named("held"));
        client.create(CM, "held", named("plain"));
        createGadget("held", "stuck", "example.com/hold");

        client.delete(NAMESPACES, null, "held");
        ObjectNode[] ns = new ObjectNode[1];
        await(Duration.ofSeconds(30), () -> {
            ns[0] = client.get(NAMESPACES, null, "held");
            JsonNode c = condition(ns[0], "NamespaceFinalizersRemaining");
            return c != null && c.path("status").asString("").equals("True");
        });
        assertThat(ns[0].path("status").path("phase").asString()).isEqualTo("Terminating");
        assertThat(ns[0].path("spec").path("finalizers").toString()).contains("kubernetes");
        JsonNode fin = condition(ns[0], "NamespaceFinalizersRemaining");
        assertThat(fin.path("reason").asString()).isEqualTo("SomeFinalizersRemain");
        assertThat(fin.path("message").asString()).isEqualTo("Some content in the namespace has finalizers"
                + " remaining: example.com/hold in 1 resource instances");
        JsonNode content = condition(ns[0], "NamespaceContentRemaining");
        assertThat(content.path("status").asString()).isEqualTo("True");
        assertThat(content.path("reason").asString()).isEqualTo("SomeResourcesRemain");
        assertThat(content.path("message").asString()).contains("gadgets.ns.example.com has 1 resource instances");
        assertThat(condition(ns[0], "NamespaceDeletionDiscoveryFailure").path("reason").asString())
                .isEqualTo("ResourcesDiscovered");
        assertThat(condition(ns[0], "NamespaceDeletionContentFailure").path("status").asString()).isEqualTo("False");
        assertThat(gone(CM, "held", "plain")).isTrue();

        // creating in a terminating namespace stays forbidden
        ApiException forbidden = null;
        try {
            client.create(CM, "held", named("late"));
        } catch (ApiException e) {
            forbidden = e;
        }
        assertThat(forbidden).isNotNull();
        assertThat(forbidden.status().code()).isEqualTo(403);
        assertThat(forbidden.status().message()).isEqualTo("unable to create new content in namespace held because"
                + " it is being terminated");

        // the namespace stays while the finalizer holds its content
        Thread.sleep(1500);
        assertThat(gone(NAMESPACES, null, "held")).isFalse();
        ObjectNode g = client.get(GADGETS, "held", "stuck");
        Meta.metadata(g).remove("finalizers");
        client.update(GADGETS, "held", g);
        await(Duration.ofSeconds(30), () -> gone(NAMESPACES, null, "held"));
    }

    @Test
    void theFinalizeSubresourceChangesOnlySpecFinalizers() throws Exception {
        client.create(NAMESPACES, null, named("fin"));
        ObjectNode ns = client.get(NAMESPACES, null, "fin");
        // a plain update cannot drop the finalizer
        ((ObjectNode) ns.path("spec")).putArray("finalizers");
        ObjectNode updated = client.update(NAMESPACES, null, ns);
        assertThat(updated.path("spec").path("finalizers").toString()).contains("kubernetes");
        client.delete(NAMESPACES, null, "fin");
        await(Duration.ofSeconds(30), () -> gone(NAMESPACES, null, "fin"));
    }
}
