package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.storage.Backend;
import io.k3j.storage.sql.SqlBackend;
import io.k3j.storage.sql.SqlOptions;
import io.k3j.storage.sql.SqliteDialect;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The strategies behind the generic store: create, update and status writes of real objects. */
class StoreRoundTripTest {

    @TempDir
    Path dir;

    private Backend backend;
    private Registry registry;

    @BeforeEach
    void start() {
        backend = SqlBackend.open(SqliteDialect.open(dir.resolve("state.db")), SqlOptions.defaults());
        registry = new Registry(backend, Clock.systemUTC(), BuiltinResources.all());
        registry.start();
        registry.core("namespaces").create(null, obj("{\"metadata\":{\"name\":\"default\"}}"), false);
    }

    @AfterEach
    void stop() {
        registry.close();
        backend.close();
    }

    @Test
    void deploymentsAreDefaultedOnCreateAndUpdateWithoutSpuriousGenerations() {
        GenericStore deployments = registry.store("apps", "v1", "deployments");
        String minimal = """
                {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                    "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}}}""";
        ObjectNode created = deployments.create("default", obj(minimal), false);
        assertThat(created.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(created.at("/metadata/generation").asInt()).isEqualTo(1);
        ObjectNode status = deployments.get("default", "web").deepCopy();
        status.putObject("status").put("observedGeneration", 1).put("replicas", 1);
        String before = Meta.resourceVersion(deployments.update("default", "web", status, "status", false));
        ObjectNode again = deployments.update("default", "web", obj(minimal), null, false);
        assertThat(again.at("/metadata/generation").asInt()).isEqualTo(1);
        assertThat(Meta.resourceVersion(again)).as("a write of the defaulted object is a no-op").isEqualTo(before);
        assertThat(again.at("/status/replicas").asInt()).isEqualTo(1);
        ObjectNode scaled = obj(minimal);
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        assertThat(deployments.update("default", "web", scaled, null, false).at("/metadata/generation").asInt())
                .isEqualTo(2);
    }

    @Test
    void writesRecordTheirManagers() {
        GenericStore cms = registry.core("configmaps");
        ObjectNode created = cms.create("default", obj("{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\"}}"),
                false, "creator");
        assertThat(created.at("/metadata/managedFields/0/manager").asString()).isEqualTo("creator");
        assertThat(cms.get("default", "c").at("/metadata/managedFields/0/fieldsV1").toString())
                .isEqualTo("{\"f:data\":{\".\":{},\"f:a\":{}}}");
        ObjectNode dry = cms.patch("default", "c", o -> {
            ((ObjectNode) o.get("data")).put("b", "2");
            return o;
        }, null, true, "dry");
        assertThat(dry.at("/metadata/managedFields/1/manager").asString()).as("dry runs show the result").isEqualTo("dry");
        assertThat(cms.get("default", "c").at("/metadata/managedFields").size()).as("but store nothing").isEqualTo(1);
        String rv = Meta.resourceVersion(cms.get("default", "c"));
        ObjectNode same = cms.patch("default", "c", o -> o, null, false, "noop");
        assertThat(Meta.resourceVersion(same)).as("no change, no write").isEqualTo(rv);
        assertThat(same.at("/metadata/managedFields").size()).isEqualTo(1);
        ObjectNode internal = registry.core("configmaps").create("default",
                obj("{\"metadata\":{\"name\":\"d\"},\"data\":{\"a\":\"1\"}}"), false);
        assertThat(internal.at("/metadata/managedFields/0/manager").asString()).isEqualTo(GenericStore.SERVER_MANAGER);
    }

    @Test
    void jobsGetTheirSelectorFromTheStoredUid() {
        ObjectNode job = registry.store("batch", "v1", "jobs").create("default", obj("""
                {"metadata":{"name":"pi"},"spec":{"template":{"spec":{"restartPolicy":"Never",
                  "containers":[{"name":"c","image":"perl:5"}]}}}}"""), false);
        String uid = Meta.uid(job);
        assertThat(job.at("/spec/selector/matchLabels/batch.kubernetes.io~1controller-uid").asString())
                .isEqualTo(uid);
        assertThat(job.at("/spec/template/metadata/labels/job-name").asString()).isEqualTo("pi");
    }

    @Test
    void invalidPodsAreRejectedWithUpstreamsMessage() {
        GenericStore pods = registry.core("pods");
        assertThatThrownBy(() -> pods.create("default", obj("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]}}"""), false))
                .isInstanceOf(ApiException.class)
                .hasMessage("Pod \"p\" is invalid: spec.containers[0].image: Required value");
        ObjectNode pod = pods.create("default", obj("""
                {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}"""), false);
        assertThat(pod.at("/status/phase").asString()).isEqualTo("Pending");
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asString()).isEqualTo("Always");
    }

    @Test
    void servicesNeedDns1035Names() {
        assertThatThrownBy(() -> registry.core("services").create("default", obj("""
                {"metadata":{"name":"1svc"},"spec":{"ports":[{"port":80}]}}"""), false))
                .isInstanceOf(ApiException.class).hasMessageContaining("a DNS-1035 label");
    }
}
