package io.k3j.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ApiClientIT {

    static final Resource CM = Resource.core("configmaps");
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

    static ObjectNode configMap(String name, String key, String value) {
        ObjectNode cm = Json.object();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).putObject("labels").put("app", "client-it");
        cm.putObject("data").put(key, value);
        return cm;
    }

    static int code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status().code();
        }
        return 0;
    }

    @Test
    void crudWithConflictAndNotFound() {
        ObjectNode created = client.create(CM, "default", configMap("crud", "a", "1"));
        assertThat(Meta.uid(created)).isNotEmpty();
        String rv = Meta.resourceVersion(created);

        ApiException exists = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
                () -> client.create(CM, "default", configMap("crud", "a", "1")));
        assertThat(exists.status().code()).isEqualTo(409);
        assertThat(exists.status().reason()).isEqualTo("AlreadyExists");
        assertThat(exists.status().details().name()).isEqualTo("crud");

        ObjectNode got = client.get(CM, "default", "crud");
        ((ObjectNode) got.get("data")).put("a", "2");
        ObjectNode updated = client.update(CM, "default", got);
        assertThat(updated.path("data").path("a").asString()).isEqualTo("2");
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                Meta.resourceVersion(client.getCached(CM, "default", "crud")))
                .as("a cached read catches up with the write").isEqualTo(Meta.resourceVersion(updated)));
        ObjectNode cached = client.getCached(CM, "default", "crud");
        ((ObjectNode) cached.get("data")).put("a", "changed by the caller");
        assertThat(client.getCached(CM, "default", "crud").path("data").path("a").asString())
                .as("the caller's copy is its own").isEqualTo("2");

        // a write with the stale resourceVersion conflicts
        ObjectNode stale = configMap("crud", "a", "3");
        ((ObjectNode) stale.get("metadata")).put("resourceVersion", rv);
        ApiException conflict = (ApiException) org.assertj.core.api.Assertions.catchThrowable(
                () -> client.update(CM, "default", stale));
        assertThat(conflict.status().code()).isEqualTo(409);
        assertThat(conflict.status().reason()).isEqualTo("Conflict");

        // preconditions on delete
        assertThat(code(() -> client.delete(CM, "default", "crud",
                DeleteOptions.defaults().withPreconditions("not-the-uid", null)))).isEqualTo(409);
        client.delete(CM, "default", "crud", DeleteOptions.propagation("Background").withGracePeriodSeconds(0));

        assertThatThrownBy(() -> client.get(CM, "default", "crud"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(404);
                    assertThat(e.status().reason()).isEqualTo("NotFound");
                    assertThat(e.getMessage()).isEqualTo("configmaps \"crud\" not found");
                });
        assertThat(code(() -> client.delete(CM, "default", "crud"))).isEqualTo(404);
    }

    @Test
    void patchesOfEveryKind() {
        client.create(CM, "default", configMap("patched", "a", "1"));
        ObjectNode merge = Json.object();
        merge.putObject("data").put("b", "2");
        client.patch(CM, "default", "patched", PatchType.MERGE, merge, PatchOptions.none());
        ObjectNode strategic = Json.object();
        strategic.putObject("data").put("c", "3");
        client.patch(CM, "default", "patched", PatchType.STRATEGIC, strategic, PatchOptions.none());
        byte[] jsonPatch = "[{\"op\":\"remove\",\"path\":\"/data/a\"}]".getBytes(StandardCharsets.UTF_8);
        ObjectNode afterJson = client.patch(CM, "default", "patched", PatchType.JSON, jsonPatch, PatchOptions.none());
        assertThat(afterJson.path("data").propertyNames()).containsExactlyInAnyOrder("b", "c");

        ObjectNode applied = client.apply(CM, "default", configMap("patched", "b", "applied"), "tester", true);
        assertThat(applied.path("data").path("b").asString()).isEqualTo("applied");
        assertThat(applied.path("metadata").path("managedFields").toString()).contains("tester");

        // apply needs a field manager
        assertThat(code(() -> client.patch(CM, "default", "patched", PatchType.APPLY,
                Json.bytes(configMap("patched", "b", "x")), PatchOptions.none()))).isEqualTo(422);
    }

    @Test
    void listWithSelectorsAndPages() {
        for (int i = 0; i < 5; i++) {
            ObjectNode cm = configMap("page-" + i, "i", Integer.toString(i));
            ((ObjectNode) cm.get("metadata").get("labels")).put("page", "yes");
            client.create(CM, "default", cm);
        }
        ObjectNode first = client.list(CM, "default", ListOptions.all().withLabelSelector("page=yes").withLimit(2));
        assertThat(first.path("items").size()).isEqualTo(2);
        assertThat(first.path("metadata").path("continue").asString("")).isNotEmpty();
        List<ObjectNode> all = client.listAll(CM, "default", ListOptions.all().withLabelSelector("page=yes")
                .withLimit(2));
        assertThat(all).extracting(Meta::name).containsExactlyInAnyOrder("page-0", "page-1", "page-2", "page-3",
                "page-4");
        ObjectNode byField = client.list(CM, "default", ListOptions.all().withFieldSelector("metadata.name=page-3"));
        assertThat(byField.path("items").size()).isEqualTo(1);
        assertThat(code(() -> client.list(CM, "default", ListOptions.all().withLabelSelector("===")))).isEqualTo(400);
    }

    @Test
    void watchStreamsEventsToACallback() throws Exception {
        ObjectNode list = client.list(CM, "default", ListOptions.all());
        String rv = list.path("metadata").path("resourceVersion").asString();
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<ApiException> ended = new CompletableFuture<>();
        try (Watch w = client.watch(CM, "default", WatchOptions.from(rv), events::add, ended::complete)) {
            client.create(CM, "default", configMap("watched", "a", "1"));
            ObjectNode m = Json.object();
            m.putObject("data").put("a", "2");
            client.patch(CM, "default", "watched", PatchType.MERGE, m, PatchOptions.none());
            client.delete(CM, "default", "watched");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (events.stream().filter(e -> e.type() != WatchEvent.Type.BOOKMARK).count() < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<WatchEvent.Type> types = new ArrayList<>();
            events.stream().filter(e -> e.type() != WatchEvent.Type.BOOKMARK).forEach(e -> types.add(e.type()));
            assertThat(types).containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED,
                    WatchEvent.Type.DELETED);
            assertThat(Meta.name(events.getFirst().object())).isEqualTo("watched");
        }
        // closing ends the callback loop without an error
        assertThat(ended.get(5, TimeUnit.SECONDS)).isNull();

    }

    @Test
    void httpsTransportWithTheAdminCertificate() throws Exception {
        ApiClient https = cluster.https();
        https.create(CM, "default", configMap("over-https", "a", "1"));
        assertThat(client.get(CM, "default", "over-https").path("data").path("a").asString()).isEqualTo("1");
        assertThat(code(() -> https.get(CM, "default", "missing"))).isEqualTo(404);
        String rv = https.list(CM, "default", ListOptions.all()).path("metadata").path("resourceVersion").asString();
        try (Watch w = https.watch(CM, "default", WatchOptions.from(rv))) {
            client.delete(CM, "default", "over-https");
            assertThat(w.hasNext()).isTrue();
            WatchEvent e = w.next();
            assertThat(e.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(Meta.name(e.object())).isEqualTo("over-https");
        }
    }

    @Test
    void statusSubresource() {
        Resource ns = Resource.core("namespaces");
        ObjectNode n = Json.object();
        n.putObject("metadata").put("name", "status-it");
        ObjectNode created = client.create(ns, null, n);
        created.putObject("status").put("phase", "Active");
        ObjectNode updated = client.updateStatus(ns, null, created);
        assertThat(updated.path("status").path("phase").asString()).isEqualTo("Active");
        assertThat(client.get(ns, null, "status-it", "status").path("metadata").path("name").asString())
                .isEqualTo("status-it");
    }
}
