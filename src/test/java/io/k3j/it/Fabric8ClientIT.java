package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k3j.pki.CertKey;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fabric8 Kubernetes client (JDK HTTP client) against a real server, used as a Java program
 * would: a client built from the server's kubeconfig, typed and generic resources, watches,
 * informers, every patch type, server-side apply, CustomResourceDefinitions and API errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fabric8ClientIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GROUP = "fabric8.k3j.io";
    private static final String WIDGETS = "widgets." + GROUP;
    private static final String WIDGET_API = GROUP + "/v1";

    private K3sProcess k3s;
    private KubernetesClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigText())).build();
    }

    private String kubeconfigText() throws java.io.IOException {
        return Files.readString(k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        k3s.close();
    }

    private String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withData(data)
                .build();
    }

    /** The names of the items, sorted, without the kube-root-ca.crt config map every namespace has. */
    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).filter(n -> !n.equals(ROOT_CA)).sorted().toList();
    }

    private static final String ROOT_CA = "kube-root-ca.crt";

    // ---- 1. typed CRUD ----

    @Test
    void configMapCrud() {
        String ns = namespace("f8-cm");
        ConfigMap created = client.configMaps().inNamespace(ns)
                .resource(configMap("one", Map.of("app", "demo"), Map.of("a", "1"))).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(ns);
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
        client.configMaps().inNamespace(ns).resource(configMap("two", Map.of("app", "other"), Map.of("b", "2")))
                .create();
        client.configMaps().inNamespace(ns).resource(configMap("three", Map.of("app", "demo"), Map.of())).create();

        ConfigMap got = client.configMaps().inNamespace(ns).withName("one").get();
        assertThat(got.getData()).containsExactly(Map.entry("a", "1"));
        assertThat(got.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        assertThat(names(client.configMaps().inNamespace(ns).withLabel("app", "demo").list().getItems()))
                .containsExactly("one", "three");
        assertThat(names(client.configMaps().inNamespace(ns).withLabelSelector("app notin (demo)").list().getItems()))
                .containsExactly("two");
        assertThat(names(client.configMaps().inNamespace(ns).list().getItems())).containsExactly("one", "three",
                "two");
        assertThat(client.configMaps().inNamespace(ns).list().getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap edited = client.configMaps().inNamespace(ns).withName("one").edit(cm -> new ConfigMapBuilder(cm)
                .addToData("c", "3").editMetadata().addToLabels("tier", "web").endMetadata().build());
        assertThat(edited.getData()).containsEntry("a", "1").containsEntry("c", "3");
        assertThat(Long.parseLong(edited.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(client.configMaps().inNamespace(ns).withLabel("tier", "web").list().getItems()).hasSize(1);

        ConfigMap replaced = new ConfigMapBuilder(edited).withData(Map.of("only", "this")).build();
        assertThat(client.configMaps().inNamespace(ns).resource(replaced).update().getData())
                .containsExactly(Map.entry("only", "this"));

        assertThat(client.configMaps().inNamespace(ns).withName("one").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace(ns).withName("one").get()).isNull();
        assertThat(client.configMaps().inNamespace(ns).withName("missing").get()).isNull();
        assertThat(client.configMaps().inNamespace(ns).withName("missing").delete()).isEmpty();
        assertThat(names(client.configMaps().inNamespace(ns).list().getItems())).containsExactly("three", "two");
    }

    @Test
    void secretCrud() {
        String ns = namespace("f8-secret");
        Secret created = client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName("creds").addToLabels("kind", "db").endMetadata().addToStringData("password", "s3cret")
                .addToData("user", Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        // stringData is merged into data and the default type is set by the server
        assertThat(created.getType()).isEqualTo("Opaque");
        assertThat(created.getStringData()).isNullOrEmpty();
        assertThat(decode(created.getData().get("password"))).isEqualTo("s3cret");

        Secret got = client.secrets().inNamespace(ns).withName("creds").get();
        assertThat(decode(got.getData().get("user"))).isEqualTo("admin");
        assertThat(client.secrets().inNamespace(ns).withLabel("kind", "db").list().getItems()).extracting(
                s -> s.getMetadata().getName()).containsExactly("creds");
        assertThat(client.secrets().inNamespace(ns).withLabel("kind", "cache").list().getItems()).isEmpty();

        Secret edited = client.secrets().inNamespace(ns).withName("creds").edit(s -> new SecretBuilder(s)
                .addToData("token", Base64.getEncoder().encodeToString("t0k".getBytes(StandardCharsets.UTF_8)))
                .build());
        assertThat(edited.getData()).containsKeys("user", "password", "token");

        // type is immutable
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> client.secrets()
                .inNamespace(ns).withName("creds").edit(s -> new SecretBuilder(s).withType("kubernetes.io/tls")
                        .build()));
        assertThat(e.getCode()).isEqualTo(422);

        assertThat(client.secrets().inNamespace(ns).withName("creds").delete()).hasSize(1);
        assertThat(client.secrets().inNamespace(ns).withName("creds").get()).isNull();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void namespaceCreateAndDelete() {
        Namespace ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8-ns")
                .addToLabels("team", "a").endMetadata().build()).create();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "f8-ns");
        assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(client.namespaces().withLabel("team", "a").list().getItems()).extracting(
                n -> n.getMetadata().getName()).containsExactly("f8-ns");
        client.configMaps().inNamespace("f8-ns").resource(configMap("inside", Map.of(), Map.of("x", "y"))).create();

        assertThat(client.namespaces().withName("f8-ns").delete()).hasSize(1);
        await().atMost(WAIT).until(() -> client.namespaces().withName("f8-ns").get() == null);
        assertThat(client.configMaps().inNamespace("f8-ns").withName("inside").get()).isNull();
        // no creating in a namespace that does not exist
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> client.configMaps()
                .inNamespace("f8-ns").resource(configMap("late", Map.of(), Map.of())).create());
        assertThat(e.getCode()).isEqualTo(404);
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.27")
                .addNewEnv().withName("FIRST").withValue("1").endEnv()
                .addNewPort().withContainerPort(80).endPort().endContainer().endSpec().endTemplate().endSpec()
                .build();
    }

    @Test
    void deploymentCreateAndScale() {
        String ns = namespace("f8-deploy");
        Deployment created = client.apps().deployments().inNamespace(ns).resource(deployment("web")).create();
        // server defaults
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(created.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().getFirst().getImagePullPolicy())
                .isEqualTo("IfNotPresent");
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().getFirst()
                .getProtocol()).isEqualTo("TCP");

        Scale before = client.apps().deployments().inNamespace(ns).withName("web").scale();
        assertThat(before.getSpec().getReplicas()).isEqualTo(1);
        assertThat(before.getStatus().getSelector()).isEqualTo("app=web");

        Deployment scaled = client.apps().deployments().inNamespace(ns).withName("web").scale(3);
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        Deployment read = client.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(read.getSpec().getReplicas()).isEqualTo(3);
        assertThat(read.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").scale().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers()).extracting(c -> c.getImage()).containsExactly("nginx:1.27");
    }

    // ---- 2. watches ----

    /** Records "TYPE name[=value of data.v]" per event. */
    private static final class Recorder<T extends HasMetadata> implements Watcher<T> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<WatcherException> closes = new CopyOnWriteArrayList<>();
        final java.util.function.Function<T, String> detail;

        Recorder(java.util.function.Function<T, String> detail) {
            this.detail = detail;
        }

        @Override
        public void eventReceived(Action action, T resource) {
            if (ROOT_CA.equals(resource.getMetadata().getName())) {
                return;
            }
            String d = detail.apply(resource);
            events.add(action + " " + resource.getMetadata().getName() + (d == null ? "" : "=" + d));
        }

        @Override
        public void onClose(WatcherException cause) {
            closes.add(cause);
        }
    }

    private static String dataV(ConfigMap cm) {
        return cm.getData() == null ? null : cm.getData().get("v");
    }

    @Test
    void watchSeesChangesMadeMeanwhile() {
        String ns = namespace("f8-watch");
        Recorder<ConfigMap> rec = new Recorder<>(Fabric8ClientIT::dataV);
        try (Watch ignored = client.configMaps().inNamespace(ns).watch(rec)) {
            var cms = client.configMaps().inNamespace(ns);
            cms.resource(configMap("w", Map.of(), Map.of("v", "1"))).create();
            cms.withName("w").edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
            cms.withName("w").delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(rec.events).containsExactly("ADDED w=1",
                    "MODIFIED w=2", "DELETED w=2"));
        }
        assertThat(rec.closes).isEmpty();
    }

    @Test
    void watchResumesFromAResourceVersion() throws Exception {
        String ns = namespace("f8-resume");
        var cms = client.configMaps().inNamespace(ns);
        ConfigMap first = cms.resource(configMap("first", Map.of(), Map.of("v", "1"))).create();
        String rv = first.getMetadata().getResourceVersion();
        cms.withName("first").edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
        cms.resource(configMap("second", Map.of(), Map.of("v", "a"))).create();
        cms.withName("first").delete();

        Recorder<ConfigMap> rec = new Recorder<>(Fabric8ClientIT::dataV);
        try (Watch ignored = cms.watch(new ListOptionsBuilder().withResourceVersion(rv).build(), rec)) {
            // only what happened after rv, in order, then live events
            await().atMost(WAIT).untilAsserted(() -> assertThat(rec.events).containsExactly("MODIFIED first=2",
                    "ADDED second=a", "DELETED first=2"));
            cms.withName("second").edit(cm -> new ConfigMapBuilder(cm).addToData("v", "b").build());
            await().atMost(WAIT).untilAsserted(() -> assertThat(rec.events).hasSize(4).last()
                    .isEqualTo("MODIFIED second=b"));
        }
        // the same resumption with watches over plain HTTP (chunked JSON lines) instead of WebSocket
        Config httpOnly = Config.fromKubeconfig(kubeconfigText());
        httpOnly.setOnlyHttpWatches(true);
        Recorder<ConfigMap> again = new Recorder<>(Fabric8ClientIT::dataV);
        try (KubernetesClient http = new KubernetesClientBuilder().withConfig(httpOnly).build();
                Watch ignored = http.configMaps().inNamespace(ns)
                        .watch(new ListOptionsBuilder().withResourceVersion(rv).build(), again)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(again.events).containsExactly("MODIFIED first=2",
                    "ADDED second=a", "DELETED first=2", "MODIFIED second=b"));
            cms.withName("second").delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(again.events).hasSize(5).last()
                    .isEqualTo("DELETED second=b"));
        }
        assertThat(again.closes).isEmpty();
    }

    // ---- 3. informers ----

    @Test
    void informerTracksAddsUpdatesDeletesAndResyncs() {
        String ns = namespace("f8-informer");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap("existing", Map.of(), Map.of("v", "0"))).create();

        List<String> adds = new CopyOnWriteArrayList<>();
        List<String> updates = new CopyOnWriteArrayList<>();
        List<String> resyncs = new CopyOnWriteArrayList<>();
        List<String> deletes = new CopyOnWriteArrayList<>();
        ResourceEventHandler<ConfigMap> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                if (ROOT_CA.equals(cm.getMetadata().getName())) {
                    return;
                }
                adds.add(cm.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap now) {
                if (ROOT_CA.equals(now.getMetadata().getName())) {
                    return;
                }
                if (Objects.equals(old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
                    resyncs.add(now.getMetadata().getName());
                } else {
                    updates.add(now.getMetadata().getName() + ":" + dataV(old) + "->" + dataV(now));
                }
            }

            @Override
            public void onDelete(ConfigMap cm, boolean deletedFinalStateUnknown) {
                deletes.add(cm.getMetadata().getName() + (deletedFinalStateUnknown ? "?" : ""));
            }
        };
        try (SharedIndexInformer<ConfigMap> informer = cms.inform(handler, 1000)) {
            await().atMost(WAIT).until(informer::hasSynced);
            await().atMost(WAIT).untilAsserted(() -> assertThat(adds).containsExactly("existing"));
            assertThat(informer.isRunning()).isTrue();
            assertThat(informer.lastSyncResourceVersion()).isNotBlank();

            cms.resource(configMap("new", Map.of(), Map.of("v", "1"))).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(adds).containsExactly("existing", "new"));
            cms.withName("new").edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build());
            await().atMost(WAIT).untilAsserted(() -> assertThat(updates).containsExactly("new:1->2"));
            cms.withName("existing").delete();
            await().atMost(WAIT).untilAsserted(() -> assertThat(deletes).containsExactly("existing"));

            assertThat(names(informer.getStore().list())).containsExactly("new");
            assertThat(names(informer.getIndexer().list())).containsExactly("new");
            assertThat(informer.getStore().listKeys()).filteredOn(k -> !k.endsWith("/" + ROOT_CA))
                    .containsExactly(ns + "/new");
            assertThat(dataV(informer.getStore().getByKey(ns + "/new"))).isEqualTo("2");
            assertThat(names(informer.getIndexer().byIndex("namespace", ns))).containsExactly("new");

            // every second the store's objects are handed out again as updates without a change
            int before = resyncs.size();
            await().atMost(WAIT).untilAsserted(() -> assertThat(List.copyOf(resyncs)).hasSizeGreaterThan(before));
            List<String> later = List.copyOf(resyncs);
            assertThat(later.subList(before, later.size())).containsOnly("new");
            assertThat(updates).containsExactly("new:1->2");
        }
    }

    // ---- 4. patches ----

    private static Map<String, String> env(Deployment d) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    @Test
    void patchesOfEveryType() {
        String ns = namespace("f8-patch");
        var deployments = client.apps().deployments().inNamespace(ns);
        deployments.resource(deployment("api")).create();
        var api = deployments.withName("api");

        // JSON merge patch: maps merge, lists are replaced
        Deployment merged = api.patch(PatchContext.of(PatchType.JSON_MERGE), """
                {"metadata":{"annotations":{"team":"core"}},"spec":{"replicas":2,"template":{"spec":{"containers":[
                  {"name":"app","image":"nginx:1.27","env":[{"name":"FIRST","value":"1"},{"name":"MERGE","value":"m"}]}
                ]}}}}""");
        assertThat(merged.getMetadata().getAnnotations()).containsEntry("team", "core");
        assertThat(merged.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(merged)).containsExactly(Map.entry("FIRST", "1"), Map.entry("MERGE", "m"));
        // the replaced container list lost its port
        assertThat(merged.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts()).isNullOrEmpty();

        // JSON patch (RFC 6902)
        Deployment jsonPatched = api.patch(PatchContext.of(PatchType.JSON), """
                [{"op":"test","path":"/spec/replicas","value":2},
                 {"op":"add","path":"/spec/template/spec/containers/0/env/-","value":{"name":"JSON","value":"j"}},
                 {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]""");
        assertThat(env(jsonPatched)).containsExactly(Map.entry("FIRST", "1"), Map.entry("MERGE", "m"),
                Map.entry("JSON", "j"));
        assertThat(jsonPatched.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("nginx:1.28");
        KubernetesClientException failedTest = catchThrowableOfType(KubernetesClientException.class, () -> api.patch(
                PatchContext.of(PatchType.JSON), "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":5}]"));
        assertThat(failedTest.getCode()).isIn(409, 422);

        // strategic merge patch: containers merge by name, env by name, nothing else is lost
        Deployment strategic = api.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), """
                {"spec":{"template":{"spec":{"containers":[
                  {"name":"app","env":[{"name":"STRATEGIC","value":"s"},{"name":"FIRST","value":"one"}]}
                ]}}}}""");
        assertThat(env(strategic)).containsEntry("FIRST", "one").containsEntry("MERGE", "m")
                .containsEntry("JSON", "j").containsEntry("STRATEGIC", "s").hasSize(4);
        assertThat(strategic.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(strategic.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("nginx:1.28");

        // a patch from a typed object (strategic merge by default)
        Deployment fromObject = api.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), new DeploymentBuilder()
                .withNewMetadata().addToLabels("patched", "object").endMetadata().build());
        assertThat(fromObject.getMetadata().getLabels()).containsEntry("patched", "object").containsEntry("app", "api");

        // edit(): fabric8 computes a JSON patch from the object before and after
        // (its patch carries the resourceVersion read; the deployment controller may write in between)
        Deployment edited = null;
        for (int attempt = 0; edited == null; attempt++) {
            try {
                edited = api.edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                        .editFirstContainer().addToEnv(new EnvVarBuilder().withName("EDIT").withValue("e").build())
                        .endContainer().endSpec().endTemplate().endSpec().build());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
        assertThat(env(edited)).containsKeys("FIRST", "MERGE", "JSON", "STRATEGIC", "EDIT");
        assertThat(env(api.get())).containsEntry("EDIT", "e").hasSize(5);
        assertThat(api.get().getMetadata().getGeneration()).isEqualTo(5L);
    }

    // ---- 5. server-side apply ----

    @Test
    void serverSideApplyCreatesThenUpdates() {
        String ns = namespace("f8-apply");
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("applied").withNamespace(ns)
                .addToLabels("owner", "f8").endMetadata().withData(Map.of("a", "1", "b", "2")).build();
        ConfigMap created = client.resource(desired).fieldManager("f8").forceConflicts().serverSideApply();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertThat(created.getMetadata().getManagedFields()).singleElement().satisfies(f -> {
            assertThat(f.getManager()).isEqualTo("f8");
            assertThat(f.getOperation()).isEqualTo("Apply");
            assertThat(f.getApiVersion()).isEqualTo("v1");
            assertThat(f.getFieldsType()).isEqualTo("FieldsV1");
            assertThat(f.getFieldsV1().getAdditionalProperties()).containsKeys("f:data", "f:metadata");
        });

        // another manager changes a field f8 owns: applying again with force takes it back
        client.configMaps().inNamespace(ns).withName("applied").edit(cm -> new ConfigMapBuilder(cm)
                .addToData("a", "edited").addToData("c", "mine").build());
        ConfigMap again = client.resource(new ConfigMapBuilder().withNewMetadata().withName("applied")
                .withNamespace(ns).addToLabels("owner", "f8").endMetadata().withData(Map.of("a", "3")).build())
                .fieldManager("f8").forceConflicts().serverSideApply();
        // "b" is no longer applied by f8 and goes; "c" belongs to the other manager and stays
        assertThat(again.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "3", "c", "mine"));
        assertThat(again.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        List<ManagedFieldsEntry> managed = again.getMetadata().getManagedFields();
        assertThat(managed).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo("f8");
            assertThat(f.getOperation()).isEqualTo("Apply");
        });
        assertThat(managed).anySatisfy(f -> assertThat(f.getOperation()).isEqualTo("Update"));
        assertThat(client.configMaps().inNamespace(ns).withName("applied").get().getData())
                .isEqualTo(again.getData());
    }

    // ---- 6. CustomResourceDefinitions and generic resources ----

    private synchronized void ensureWidgetDefinition() {
        if (client.apiextensions().v1().customResourceDefinitions().withName(WIDGETS).get() != null) {
            return;
        }
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"%s"},
                 "spec":{"group":"%s","scope":"Namespaced",
                  "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList",
                           "shortNames":["wd"]},
                  "versions":[{"name":"v1","served":true,"storage":true,
                    "subresources":{"status":{}},
                    "additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}],
                    "schema":{"openAPIV3Schema":{"type":"object","properties":{
                      "spec":{"type":"object","required":["size"],"properties":{
                        "size":{"type":"integer","minimum":1,"maximum":10},
                        "color":{"type":"string","enum":["red","green","blue"],"default":"blue"},
                        "tags":{"type":"array","items":{"type":"string"}}}},
                      "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}}}}}]}}
                """.formatted(WIDGETS, GROUP), CustomResourceDefinition.class);
        CustomResourceDefinition created = client.apiextensions().v1().customResourceDefinitions().resource(crd)
                .create();
        assertThat(created.getMetadata().getName()).isEqualTo(WIDGETS);
        await().atMost(WAIT).until(() -> {
            CustomResourceDefinition now = client.apiextensions().v1().customResourceDefinitions().withName(WIDGETS)
                    .get();
            return now.getStatus() != null && now.getStatus().getConditions() != null && now.getStatus()
                    .getConditions().stream().anyMatch(c -> "Established".equals(c.getType())
                            && "True".equals(c.getStatus()));
        });
        CustomResourceDefinition established = client.apiextensions().v1().customResourceDefinitions()
                .withName(WIDGETS).get();
        assertThat(established.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
        assertThat(established.getStatus().getStoredVersions()).containsExactly("v1");
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> widgets() {
        return client.genericKubernetesResources(WIDGET_API, "Widget");
    }

    private GenericKubernetesResource widget(String json) {
        return client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);
    }

    private GenericKubernetesResource widget(String name, int size, String color) {
        return widget("""
                {"apiVersion":"%s","kind":"Widget","metadata":{"name":"%s","labels":{"color":"%s"}},
                 "spec":{"size":%d,"color":"%s"}}""".formatted(WIDGET_API, name, color, size, color));
    }

    @Test
    void customResourcesThroughTheGenericClient() {
        ensureWidgetDefinition();
        String ns = namespace("f8-crd");
        var ws = widgets().inNamespace(ns);

        Recorder<GenericKubernetesResource> rec = new Recorder<>(w -> String.valueOf(w.<Object>get("spec", "size")));
        try (Watch ignored = ws.watch(rec)) {
            GenericKubernetesResource created = ws.resource(widget("small", 1, "red")).create();
            assertThat(created.getMetadata().getUid()).isNotBlank();
            assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
            assertThat(created.getKind()).isEqualTo("Widget");
            assertThat(created.getApiVersion()).isEqualTo(WIDGET_API);
            ws.resource(widget("big", 9, "green")).create();

            GenericKubernetesResource got = ws.withName("small").get();
            assertThat(got.<Object>get("spec", "size")).isEqualTo(1);
            assertThat(got.<Object>get("spec", "color")).isEqualTo("red");
            assertThat(names(ws.list().getItems())).containsExactly("big", "small");
            assertThat(names(ws.withLabel("color", "green").list().getItems())).containsExactly("big");
            assertThat(ws.withName("missing").get()).isNull();

            GenericKubernetesResource edited = ws.withName("small").edit(w -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) w.getAdditionalProperties().get("spec");
                spec.put("size", 2);
                return w;
            });
            assertThat(edited.<Object>get("spec", "size")).isEqualTo(2);
            assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);

            GenericKubernetesResource merged = ws.withName("small").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"size\":3}}");
            assertThat(merged.<Object>get("spec", "size")).isEqualTo(3);
            // custom resources have no patch strategies: strategic merge is refused
            KubernetesClientException smp = catchThrowableOfType(KubernetesClientException.class, () -> ws
                    .withName("small").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"size\":4}}"));
            assertThat(smp.getCode()).isEqualTo(415);

            // status subresource: the main resource ignores status, the subresource only takes status
            GenericKubernetesResource withStatus = ws.withName("small").get();
            withStatus.setAdditionalProperty("status", Map.of("ready", true));
            GenericKubernetesResource statusWritten = ws.resource(withStatus).updateStatus();
            assertThat(statusWritten.<Object>get("status", "ready")).isEqualTo(true);
            assertThat(statusWritten.getMetadata().getGeneration()).isEqualTo(3L);
            GenericKubernetesResource noStatus = ws.withName("big").get();
            noStatus.setAdditionalProperty("status", Map.of("ready", true));
            GenericKubernetesResource bigUpdated = ws.resource(noStatus).update();
            assertThat(bigUpdated.getAdditionalProperties()).doesNotContainKey("status");
            // nothing changed, so nothing was written
            assertThat(bigUpdated.getMetadata().getResourceVersion())
                    .isEqualTo(noStatus.getMetadata().getResourceVersion());

            assertThat(ws.withName("small").delete()).hasSize(1);
            assertThat(ws.withName("small").get()).isNull();

            await().atMost(WAIT).untilAsserted(() -> assertThat(rec.events).containsExactly("ADDED small=1",
                    "ADDED big=9", "MODIFIED small=2", "MODIFIED small=3", "MODIFIED small=3", "DELETED small=3"));
        }
        assertThat(rec.closes).isEmpty();
        // the same objects through the cluster-wide list
        assertThat(widgets().inAnyNamespace().list().getItems()).extracting(w -> w.getMetadata().getNamespace()
                + "/" + w.getMetadata().getName()).contains(ns + "/big");
    }

    @Test
    void customResourceUnknownFieldsArePruned() {
        ensureWidgetDefinition();
        var ws = widgets().inNamespace(namespace("f8-prune"));
        GenericKubernetesResource created = ws.resource(widget("""
                {"apiVersion":"%s","kind":"Widget","metadata":{"name":"pruned"},
                 "spec":{"size":4,"color":"red","unknown":"dropped"},"extra":{"x":1}}""".formatted(WIDGET_API)))
                .create();
        assertThat(created.<Object>get("spec", "size")).isEqualTo(4);
        assertThat(spec(created)).doesNotContainKey("unknown");
        assertThat(created.getAdditionalProperties()).doesNotContainKey("extra");
        GenericKubernetesResource stored = ws.withName("pruned").get();
        assertThat(spec(stored)).containsOnlyKeys("size", "color");
        assertThat(stored.getAdditionalProperties()).containsOnlyKeys("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @Test
    void customResourceDefaultsAreApplied() {
        ensureWidgetDefinition();
        var ws = widgets().inNamespace(namespace("f8-default"));
        GenericKubernetesResource created = ws.resource(widget("""
                {"apiVersion":"%s","kind":"Widget","metadata":{"name":"plain"},"spec":{"size":4}}"""
                .formatted(WIDGET_API))).create();
        assertThat(created.<Object>get("spec", "color")).isEqualTo("blue");
        assertThat(ws.withName("plain").get().<Object>get("spec", "color")).isEqualTo("blue");
        // a value given is kept
        assertThat(ws.resource(widget("given", 2, "green")).create().<Object>get("spec", "color")).isEqualTo("green");
    }

    @Test
    void customResourcesViolatingTheSchemaAreRejected() {
        ensureWidgetDefinition();
        var ws = widgets().inNamespace(namespace("f8-invalid"));
        Map<String, String> violations = Map.of(
                "too-big", "{\"size\":100}",
                "wrong-type", "{\"size\":\"big\"}",
                "not-in-enum", "{\"size\":2,\"color\":\"pink\"}",
                "missing-required", "{\"color\":\"red\"}");
        SoftAssertions softly = new SoftAssertions();
        violations.forEach((name, spec) -> {
            KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> ws.resource(
                    widget("{\"apiVersion\":\"%s\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"%s\"},\"spec\":%s}"
                            .formatted(WIDGET_API, name, spec))).create());
            softly.assertThat(e).as("%s: %s", name, spec).isNotNull();
            if (e != null) {
                softly.assertThat(e.getCode()).as("%s: code", name).isEqualTo(422);
                softly.assertThat(e.getStatus().getReason()).as("%s: reason", name).isEqualTo("Invalid");
                softly.assertThat(e.getStatus().getDetails().getCauses()).as("%s: causes", name)
                        .extracting(StatusCause::getField).anySatisfy(f -> assertThat(f).startsWith("spec."));
            }
        });
        softly.assertAll();
        assertThat(ws.list().getItems()).isEmpty();

        // an update that violates the schema is rejected too
        ws.resource(widget("valid", 5, "red")).create();
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> ws
                .withName("valid").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":0}}"));
        assertThat(e).isNotNull();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField).contains("spec.size");
        assertThat(ws.withName("valid").get().<Object>get("spec", "size")).isEqualTo(5);
    }

    // ---- 7. errors ----

    @Test
    void errorsCarryTheirCodeAndCauses() throws Exception {
        String ns = namespace("f8-errors");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(configMap("dup", Map.of(), Map.of())).create();

        KubernetesClientException exists = catchThrowableOfType(KubernetesClientException.class,
                () -> cms.resource(configMap("dup", Map.of(), Map.of())).create());
        assertThat(exists.getCode()).isEqualTo(409);
        assertThat(exists.getStatus().getReason()).isEqualTo("AlreadyExists");
        assertThat(exists.getStatus().getMessage()).isEqualTo("configmaps \"dup\" already exists");
        assertThat(exists.getStatus().getDetails().getName()).isEqualTo("dup");
        assertThat(exists.getStatus().getDetails().getKind()).isEqualTo("configmaps");

        KubernetesClientException invalid = catchThrowableOfType(KubernetesClientException.class,
                () -> cms.resource(configMap("Not_Valid", Map.of(), Map.of())).create());
        assertThat(invalid.getCode()).isEqualTo(422);
        assertThat(invalid.getStatus().getReason()).isEqualTo("Invalid");
        assertThat(invalid.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getField()).isEqualTo("metadata.name");
            assertThat(c.getReason()).isEqualTo("FieldValueInvalid");
            assertThat(c.getMessage()).contains("Invalid value: \"Not_Valid\"").contains("RFC 1123");
        });

        // an update from a stale copy is a conflict
        ConfigMap stale = cms.withName("dup").get();
        cms.withName("dup").edit(cm -> new ConfigMapBuilder(cm).addToData("k", "v").build());
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> cms.resource(new ConfigMapBuilder(stale).addToData("k", "stale").build()).update());
        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");

        KubernetesClientException missing = catchThrowableOfType(KubernetesClientException.class,
                () -> cms.withName("nope").edit(cm -> cm));
        assertThat(missing.getCode()).isEqualTo(404);

        // a user without rights
        try (KubernetesClient alice = clientFor("alice")) {
            KubernetesClientException forbidden = catchThrowableOfType(KubernetesClientException.class,
                    () -> alice.configMaps().inNamespace(ns).list());
            assertThat(forbidden.getCode()).isEqualTo(403);
            assertThat(forbidden.getStatus().getReason()).isEqualTo("Forbidden");
            assertThat(forbidden.getStatus().getMessage()).contains(
                    "User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \""
                            + ns + "\"");
            KubernetesClientException noGet = catchThrowableOfType(KubernetesClientException.class,
                    () -> alice.configMaps().inNamespace(ns).withName("dup").get());
            assertThat(noGet.getCode()).isEqualTo(403);
        }
    }

    /** A client for a user with a certificate from the cluster's client CA and no RBAC rights. */
    private KubernetesClient clientFor(String user) throws Exception {
        Path tls = k3s.dataDir.resolve("server/tls");
        CertKey clientCa = new CertKey(Pem.certificates(Files.readString(tls.resolve("client-ca.crt"))).getFirst(),
                Pem.privateKey(Files.readString(tls.resolve("client-ca.key"))));
        CertKey cert = new CertificateAuthority(clientCa, Clock.systemUTC()).issue(user, List.of("devs"), List.of(),
                List.of(), List.of(CertificateAuthority.Usage.CLIENT), Duration.ofDays(1));
        Config config = Config.fromKubeconfig(kubeconfigText());
        Base64.Encoder b64 = Base64.getEncoder();
        config.setClientCertData(b64.encodeToString(cert.certificatePem().getBytes(StandardCharsets.UTF_8)));
        config.setClientKeyData(b64.encodeToString(cert.keyPem().getBytes(StandardCharsets.UTF_8)));
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
