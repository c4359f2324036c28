package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Meta;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class LimitRangerTest extends Harness {

    private void limits(String itemsJson) {
        create("limitranges", "{\"metadata\":{\"name\":\"lr\"},\"spec\":{\"limits\":" + itemsJson + "}}");
    }

    @Test
    void containersGetDefaultRequestsAndLimitsWithTheAnnotation() {
        limits("""
                [{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},
                  "defaultRequest":{"cpu":"100m","memory":"128Mi"}}]""");
        ObjectNode pod = core("pods").create("ns", obj("""
                {"metadata":{"name":"web"},"spec":{
                  "initContainers":[{"name":"init","image":"busybox","resources":{"limits":{"cpu":"200m"}}}],
                  "containers":[{"name":"nginx","image":"nginx"}]}}"""), false);
        assertThat(pod.at("/spec/containers/0/resources").toString()).isEqualTo(
                "{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}");
        // the init container's own limit was kept (and became its request before admission)
        assertThat(pod.at("/spec/initContainers/0/resources/limits/cpu").asString()).isEqualTo("200m");
        assertThat(pod.at("/spec/initContainers/0/resources/requests/cpu").asString()).isEqualTo("200m");
        assertThat(Meta.stringMap(pod, "annotations").get("kubernetes.io/limit-ranger")).isEqualTo(
                "LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container"
                        + " nginx; memory request for init container init; memory limit for init container init");
        assertThat(pod.at("/status/qosClass").asString()).isEqualTo("Burstable");
    }

    @Test
    void aDefaultLimitAloneAlsoBecomesTheDefaultRequest() {
        limits("[{\"type\":\"Container\",\"default\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}]");
        ObjectNode lr = core("limitranges").get("ns", "lr");
        assertThat(lr.at("/spec/limits/0/defaultRequest").toString()).isEqualTo("{\"cpu\":\"1\",\"memory\":\"1Gi\"}");
        ObjectNode pod = core("pods").create("ns", pod("p", "[{\"name\":\"c\",\"image\":\"x\"}]"), false);
        assertThat(pod.at("/status/qosClass").asString()).isEqualTo("Guaranteed");
    }

    @Test
    void podsWithoutLimitRangesAreUntouched() {
        ObjectNode pod = core("pods").create("ns", pod("p", "[{\"name\":\"c\",\"image\":\"x\"}]"), false);
        assertThat(pod.at("/spec/containers/0/resources").toString()).isEqualTo("{}");
        assertThat(Meta.stringMap(pod, "annotations")).doesNotContainKey("kubernetes.io/limit-ranger");
    }

    @Test
    void minimumMaximumAndRatioAreEnforcedWithUpstreamMessages() {
        limits("[{\"type\":\"Container\",\"min\":{\"cpu\":\"100m\"},\"max\":{\"cpu\":\"2\"},"
                + "\"maxLimitRequestRatio\":{\"cpu\":\"4\"}}]");
        forbidden(() -> core("pods").create("ns", pod("small",
                        "[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":{\"cpu\":\"50m\"},"
                                + "\"limits\":{\"cpu\":\"150m\"}}}]"), false),
                "pods \"small\" is forbidden: minimum cpu usage per Container is 100m, but request is 50m");
        forbidden(() -> core("pods").create("ns", pod("big",
                        "[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"3\"}}}]"), false),
                "pods \"big\" is forbidden: maximum cpu usage per Container is 2, but limit is 3");
        forbidden(() -> core("pods").create("ns", pod("bursty",
                        "[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":{\"cpu\":\"100m\"},"
                                + "\"limits\":{\"cpu\":\"1\"}}}]"), false),
                "pods \"bursty\" is forbidden: cpu max limit to request ratio per Container is 4, but provided"
                        + " ratio is 10.000000");
        // the item's max becomes the default limit and, through it, the default request
        ObjectNode plain = core("pods").create("ns", pod("plain", "[{\"name\":\"c\",\"image\":\"x\"}]"), false);
        assertThat(plain.at("/spec/containers/0/resources").toString())
                .isEqualTo("{\"limits\":{\"cpu\":\"2\"},\"requests\":{\"cpu\":\"2\"}}");
        core("pods").create("ns", pod("fits", "[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"500m\"},\"limits\":{\"cpu\":\"1\"}}}]"), false);
    }

    @Test
    void severalViolationsAreListedInBrackets() {
        limits("[{\"type\":\"Container\",\"min\":{\"memory\":\"64Mi\"},\"max\":{\"cpu\":\"1\"}},"
                + "{\"type\":\"Pod\",\"max\":{\"cpu\":\"1500m\"}}]");
        forbidden(() -> core("pods").create("ns", pod("p",
                        "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"32Mi\"}}},"
                                + "{\"name\":\"b\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"128Mi\"}}}]"),
                        false),
                "pods \"p\" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi,"
                        + " maximum cpu usage per Pod is 1500m, but limit is 2]");
    }

    @Test
    void claimsAreHeldToStorageMinAndMax() {
        limits("[{\"type\":\"PersistentVolumeClaim\",\"min\":{\"storage\":\"1Gi\"},\"max\":{\"storage\":\"10Gi\"}}]");
        String claim = """
                {"metadata":{"name":"%s"},"spec":{"accessModes":["ReadWriteOnce"],
                 "resources":{"requests":{"storage":"%s"}}}}""";
        forbidden(() -> create("persistentvolumeclaims", claim.formatted("tiny", "500Mi")),
                "persistentvolumeclaims \"tiny\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi,"
                        + " but request is 500Mi");
        forbidden(() -> create("persistentvolumeclaims", claim.formatted("huge", "20Gi")),
                "persistentvolumeclaims \"huge\" is forbidden: maximum storage usage per PersistentVolumeClaim is"
                        + " 10Gi, but request is 20Gi");
        create("persistentvolumeclaims", claim.formatted("ok", "5Gi"));
    }

    @Test
    void dryRunDefaultsWithoutStoring() {
        limits("[{\"type\":\"Container\",\"defaultRequest\":{\"cpu\":\"100m\"}}]");
        ObjectNode pod = core("pods").create("ns", pod("p", "[{\"name\":\"c\",\"image\":\"x\"}]"), true);
        assertThat(pod.at("/spec/containers/0/resources/requests/cpu").asString()).isEqualTo("100m");
        assertThat(core("pods").list("ns", io.k3j.apiserver.registry.ListOptions.all()).items()).isEmpty();
    }
}
