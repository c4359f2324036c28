package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** TaintNodesByCondition and DefaultStorageClass. */
class NodeAndStorageTest extends Harness {

    @Test
    void newNodesGetTheNotReadyTaintOnce() {
        ObjectNode node = core("nodes").create(null, obj("{\"metadata\":{\"name\":\"n1\"}}"), false);
        assertThat(node.at("/spec/taints").toString())
                .isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule\"}]");
        ObjectNode tainted = core("nodes").create(null, obj("""
                {"metadata":{"name":"n2"},"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"},
                 {"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]}}"""), false);
        assertThat(tainted.at("/spec/taints").size()).isEqualTo(2);
        ObjectNode updated = core("nodes").patch(null, "n1", current -> {
            ((ObjectNode) current.get("spec")).remove("taints");
            return current;
        }, null, false);
        assertThat(updated.at("/spec").has("taints")).isFalse();
    }

    private void storageClass(String name, boolean isDefault) {
        store("storage.k8s.io", "storageclasses").create(null, obj("{\"metadata\":{\"name\":\"" + name + "\""
                + (isDefault ? ",\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}" : "")
                + "},\"provisioner\":\"rancher.io/local-path\"}"), false);
    }

    private ObjectNode claim(String name, String classField) {
        return create("persistentvolumeclaims", "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + classField
                + "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}");
    }

    @Test
    void claimsWithoutAClassGetTheDefault() {
        assertThat(claim("none", "").at("/spec").has("storageClassName")).isFalse();
        storageClass("slow", false);
        storageClass("local-path", true);
        assertThat(claim("a", "").at("/spec/storageClassName").asString()).isEqualTo("local-path");
        assertThat(claim("b", "\"storageClassName\":\"\",").at("/spec/storageClassName").asString()).isEmpty();
        assertThat(claim("c", "\"storageClassName\":\"slow\",").at("/spec/storageClassName").asString())
                .isEqualTo("slow");
    }

    @Test
    void theNewestOfSeveralDefaultsWins() {
        ObjectNode older = obj("{\"metadata\":{\"name\":\"old\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\","
                + "\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}}}");
        ObjectNode newer = obj("{\"metadata\":{\"name\":\"new\",\"creationTimestamp\":\"2025-01-01T00:00:00Z\","
                + "\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}}}");
        ObjectNode tie = obj("{\"metadata\":{\"name\":\"another\",\"creationTimestamp\":\"2025-01-01T00:00:00Z\","
                + "\"annotations\":{\"storageclass.beta.kubernetes.io/is-default-class\":\"true\"}}}");
        ObjectNode plain = obj("{\"metadata\":{\"name\":\"zzz\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"}}");
        assertThat(DefaultStorageClass.defaultClass(java.util.List.of(older, newer, plain))).isEqualTo("new");
        assertThat(DefaultStorageClass.defaultClass(java.util.List.of(older, newer, tie))).isEqualTo("another");
        assertThat(DefaultStorageClass.defaultClass(java.util.List.of(plain))).isNull();
    }
}
