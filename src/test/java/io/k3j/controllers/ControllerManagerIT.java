package io.k3j.controllers;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.client.informer.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ControllerManagerIT {

    static final Resource CONFIGMAPS = Resource.core("configmaps");
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

    /** Remembers the config maps its informer has seen while running. */
    static final class Seen implements ManagedController {
        final Set<String> names = ConcurrentHashMap.newKeySet();
        volatile boolean running;

        @Override
        public String name() {
            return "seen";
        }

        @Override
        public void start(ControllerContext context) {
            running = true;
            context.informers().get(CONFIGMAPS).addEventHandler(new ResourceEventHandler() {
                @Override
                public void onAdd(ObjectNode object) {
                    names.add(Meta.name(object));
                }
            });
        }

        @Override
        public void stop() {
            running = false;
        }
    }

    static ObjectNode configMap(String name) {
        ObjectNode cm = Json.object();
        cm.putObject("metadata").put("name", name);
        return cm;
    }

    @Test
    void withoutElectionTheManagerLeadsAtOnceAndFeedsItsControllers() throws Exception {
        Seen seen = new Seen();
        try (ControllerManager m = new ControllerManager("test-solo", client, Clock.systemUTC(), List.of(seen),
                false, "host")) {
            m.start();
            assertThat(m.leading()).isTrue();
            client.create(CONFIGMAPS, "default", configMap("solo-1"));
            await(Duration.ofSeconds(10), () -> seen.names.contains("solo-1"));
        }
        assertThat(seen.running).isFalse();
    }

    @Test
    void withElectionOnlyTheLeaseHolderRunsAndAnotherTakesOverWhenItStops() throws Exception {
        Seen first = new Seen();
        Seen second = new Seen();
        ControllerManager m1 = new ControllerManager("test-elected", client, Clock.systemUTC(), List.of(first),
                true, "one");
        m1.start();
        await(Duration.ofSeconds(10), m1::leading);
        ControllerManager m2 = new ControllerManager("test-elected", client, Clock.systemUTC(), List.of(second),
                true, "two");
        m2.start();
        try {
            Thread.sleep(3000);
            assertThat(m2.leading()).isFalse();
            assertThat(second.running).isFalse();
            ObjectNode lease = client.get(Resource.of("coordination.k8s.io", "v1", "leases"), "kube-system",
                    "test-elected");
            assertThat(lease.path("spec").path("holderIdentity").asString()).startsWith("one_");

            m1.close();
            assertThat(first.running).isFalse();
            await(Duration.ofSeconds(20), m2::leading);
            client.create(CONFIGMAPS, "default", configMap("elected-1"));
            await(Duration.ofSeconds(10), () -> second.names.contains("elected-1"));
        } finally {
            m1.close();
            m2.close();
        }
    }

    @Test
    void repeatedEventsRaiseTheCountOfOneEvent() throws Exception {
        ObjectNode cm = client.create(CONFIGMAPS, "default", configMap("evented"));
        try (EventRecorder events = new EventRecorder(client, Clock.systemUTC())) {
            EventRecorder.Recorder r = events.forComponent("test-controller");
            r.warning(cm, "v1", "ConfigMap", "Broken", "it broke");
            r.warning(cm, "v1", "ConfigMap", "Broken", "it broke");
            r.normal(cm, "v1", "ConfigMap", "Fixed", "it works");
            await(Duration.ofSeconds(10), () -> events(cm).size() == 2
                    && events(cm).stream().anyMatch(e -> e.path("count").asInt() == 2));
        }
        ObjectNode broken = events(cm).stream().filter(e -> e.path("reason").asString().equals("Broken"))
                .findFirst().orElseThrow();
        assertThat(broken.path("type").asString()).isEqualTo("Warning");
        assertThat(broken.path("message").asString()).isEqualTo("it broke");
        assertThat(broken.path("source").path("component").asString()).isEqualTo("test-controller");
        assertThat(broken.path("involvedObject").path("uid").asString()).isEqualTo(Meta.uid(cm));
        assertThat(broken.path("involvedObject").path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(broken.path("metadata").path("name").asString()).startsWith("evented.");
    }

    static List<ObjectNode> events(ObjectNode involved) {
        return client.listAll(Resource.core("events"), "default",
                ListOptions.all().withFieldSelector("involvedObject.uid=" + Meta.uid(involved)));
    }
}
