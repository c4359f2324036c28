package io.k3j.client.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.client.Watch;
import io.k3j.client.WatchOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SharedInformerIT {

    static final Resource CM = Resource.core("configmaps");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        // after a restart the server's watch history begins at the current revision, so older ones are expired
        cluster.inProcess().create(CM, "default", configMap("before-restart", "1"));
        cluster.restart();
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode configMap(String name, String value) {
        ObjectNode cm = Json.object();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name);
        cm.putObject("data").put("v", value);
        return cm;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** Records every notification as "add:name", "update:name:v", "delete:name[:tombstone]". */
    static final class Recorder implements ResourceEventHandler {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onAdd(ObjectNode o) {
            seen.add("add:" + Meta.name(o));
        }

        @Override
        public void onUpdate(ObjectNode old, ObjectNode o) {
            seen.add("update:" + Meta.name(o) + ":" + o.path("data").path("v").asString(""));
        }

        @Override
        public void onDelete(ObjectNode o, boolean finalStateUnknown) {
            seen.add("delete:" + Meta.name(o) + (finalStateUnknown ? ":tombstone" : ""));
        }
    }

    @Test
    void aWatchFromBeforeTheRestartIsExpired() {
        try (Watch old = client.watch(CM, "default", WatchOptions.from("1"))) {
            assertThatThrownBy(old::hasNext).isInstanceOfSatisfying(ApiException.class,
                    e -> {
                        assertThat(e.status().code()).isEqualTo(410);
                        assertThat(e.status().reason()).isEqualTo("Expired");
                    });
        }
    }

    @Test
    void seesExistingAddsUpdatesDeletes() throws Exception {
        client.create(Resource.core("namespaces"), null, namespace("inf-a"));
        client.create(CM, "inf-a", configMap("existing", "0"));
        try (SharedInformer informer = SharedInformer.of(client, CM, "inf-a", Duration.ZERO)) {
            Recorder r = new Recorder();
            informer.addEventHandler(r);
            assertThat(informer.hasSynced()).isFalse();
            informer.start();
            assertThat(informer.waitForSync(Duration.ofSeconds(10))).isTrue();
            assertThat(informer.indexer().get("inf-a/existing")).isPresent();
            await(() -> r.seen.contains("add:existing"));

            client.create(CM, "inf-a", configMap("new", "1"));
            ObjectNode m = Json.object();
            m.putObject("data").put("v", "2");
            client.patch(CM, "inf-a", "new", PatchType.MERGE, m, PatchOptions.none());
            client.delete(CM, "inf-a", "existing");
            await(() -> r.seen.contains("delete:existing"));
            await(() -> r.seen.contains("update:new:2"));
            assertThat(r.seen).containsSubsequence("add:existing", "add:new", "update:new:2", "delete:existing");
            // without kube-root-ca.crt: the config map every namespace has
            assertThat(informer.indexer().listKeys()).filteredOn(k -> !k.endsWith("/kube-root-ca.crt"))
                    .containsExactly("inf-a/new");
            assertThat(informer.indexer().indexKeys(Indexers.NAMESPACE, "inf-a"))
                    .filteredOn(k -> !k.endsWith("/kube-root-ca.crt")).containsExactly("inf-a/new");

            // a handler added late hears of what is cached
            Recorder late = new Recorder();
            informer.addEventHandler(late);
            await(() -> late.seen.contains("add:new"));
        }
    }

    static ObjectNode namespace(String name) {
        ObjectNode ns = Json.object();
        ns.putObject("metadata").put("name", name);
        ns.put("kind", "Namespace");
        return ns;
    }

    @Test
    void relistsAfter410WithTombstonesAndUpdates() throws Exception {
        Resource namespaces = Resource.core("namespaces");
        client.create(namespaces, null, namespace("inf-b"));
        client.create(CM, "inf-b", configMap("stays", "0"));
        client.create(CM, "inf-b", configMap("goes", "0"));
        List<String> seen = relistScenario();
        assertThat(seen).contains("delete:goes:tombstone", "update:stays:2", "add:arrives");
    }

    /**
     * Lists, then (with the informer's watch broken from the start) changes objects; the
     * informer's watch from revision 1 is refused with 410 and the relist brings it up to date.
     */
    private List<String> relistScenario() throws Exception {
        AtomicInteger watches = new AtomicInteger();
        AtomicInteger lists = new AtomicInteger();
        ListerWatcher real = ListerWatcher.of(client, CM, "inf-b", null, null);
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        ListerWatcher lw = new ListerWatcher() {
            @Override
            public ObjectNode list(ListOptions options) {
                lists.incrementAndGet();
                return real.list(options);
            }

            @Override
            public Watch watch(WatchOptions options) {
                if (watches.incrementAndGet() == 1) {
                    try {
                        changed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return real.watch(WatchOptions.from("1"));
                }
                return real.watch(options);
            }
        };
        try (SharedInformer informer = new SharedInformer("cm", lw, Duration.ZERO, Indexers.namespace(),
                Duration.ofMillis(50))) {
            Recorder r = new Recorder();
            informer.addEventHandler(r);
            informer.start();
            assertThat(informer.waitForSync(Duration.ofSeconds(10))).isTrue();
            await(() -> r.seen.containsAll(List.of("add:stays", "add:goes")));
            client.delete(CM, "inf-b", "goes");
            ObjectNode m = Json.object();
            m.putObject("data").put("v", "2");
            client.patch(CM, "inf-b", "stays", PatchType.MERGE, m, PatchOptions.none());
            client.create(CM, "inf-b", configMap("arrives", "0"));
            changed.countDown();
            await(() -> r.seen.contains("add:arrives"));
            assertThat(lists.get()).isGreaterThanOrEqualTo(2);
            assertThat(informer.indexer().listKeys()).filteredOn(k -> !k.endsWith("/kube-root-ca.crt"))
                    .containsExactlyInAnyOrder("inf-b/stays", "inf-b/arrives");
            return r.seen;
        }
    }

    @Test
    void resyncRedeliversEveryCachedObject() throws Exception {
        Resource namespaces = Resource.core("namespaces");
        client.create(namespaces, null, namespace("inf-c"));
        client.create(CM, "inf-c", configMap("one", "x"));
        try (SharedInformer informer = new SharedInformer("cm", ListerWatcher.of(client, CM, "inf-c", null, null),
                Duration.ofMillis(50), Indexers.namespace())) {
            Recorder r = new Recorder();
            informer.addEventHandler(r);
            informer.start();
            await(() -> r.seen.stream().filter(s -> s.equals("update:one:x")).count() >= 2);
        }
    }

    @Test
    void aTransformStripsManagedFieldsBeforeCacheAndHandlers() throws Exception {
        client.create(Resource.core("namespaces"), null, namespace("inf-t"));
        client.create(CM, "inf-t", configMap("listed", "0"));
        assertThat(client.get(CM, "inf-t", "listed").path("metadata").has("managedFields")).isTrue();
        ObjectNode applied = configMap("watched", "0");
        ((ObjectNode) applied.path("data")).put("owned", "by-creator");
        try (SharedInformer informer = SharedInformer.of(client, CM, "inf-t", Duration.ZERO)) {
            informer.setTransform(SharedInformer::stripManagedFields);
            java.util.List<ObjectNode> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
            informer.addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(ObjectNode object) {
                    handled.add(object);
                }
            });
            informer.start();
            assertThat(informer.waitForSync(Duration.ofSeconds(10))).isTrue();
            client.apply(CM, "inf-t", applied, "creator", false);
            await(() -> handled.stream().map(Meta::name).toList().containsAll(List.of("listed", "watched")));
            for (ObjectNode o : handled) {
                assertThat(o.path("metadata").has("managedFields")).isFalse();
                assertThat(o.path("metadata").path("resourceVersion").asString()).isNotEmpty();
            }
            ObjectNode cached = informer.indexer().get("inf-t/watched").orElseThrow();
            assertThat(cached.path("metadata").has("managedFields")).isFalse();
            // an update from the stripped copy keeps the server's managed fields
            ObjectNode changed = cached.deepCopy();
            ((ObjectNode) changed.path("data")).put("v", "1");
            ObjectNode updated = client.update(CM, "inf-t", changed);
            assertThat(updated.path("metadata").path("managedFields").toString()).contains("\"manager\":\"creator\"")
                    .contains("f:owned");
        }
    }
}
