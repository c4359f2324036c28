package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.k3j.apiserver.registry.DeleteOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ResourceQuotaTest extends Harness {

    private void quota(String name, String hardJson) {
        create("resourcequotas", "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"hard\":" + hardJson + "}}");
    }

    private JsonNode status(String name) {
        return core("resourcequotas").get("ns", name).path("status");
    }

    private void awaitUsed(String quota, String resource, String value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(quota).path("used").path(resource).asString()).isEqualTo(value));
    }

    private ObjectNode newPod(String name) {
        return pod(name, "[{\"name\":\"c\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"500m\","
                + "\"memory\":\"64Mi\"}}}]");
    }

    @Test
    void podCountIsEnforcedWithUpstreamsMessage() {
        quota("q", "{\"pods\":\"2\"}");
        core("pods").create("ns", newPod("a"), false);
        core("pods").create("ns", newPod("b"), false);
        forbidden(() -> core("pods").create("ns", newPod("c"), false),
                "pods \"c\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
        awaitUsed("q", "pods", "2");
        assertThat(status("q").path("hard").toString()).isEqualTo("{\"pods\":\"2\"}");
    }

    @Test
    void deletesAndTerminalPodsFreeTheQuota() {
        quota("q", "{\"pods\":\"1\"}");
        core("pods").create("ns", newPod("a"), false);
        forbidden(() -> core("pods").create("ns", newPod("b"), false),
                "pods \"b\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
        core("pods").patch("ns", "a", current -> {
            ((ObjectNode) current.get("status")).put("phase", "Succeeded");
            return current;
        }, "status", false);
        awaitUsed("q", "pods", "0");
        core("pods").create("ns", newPod("b"), false);
        awaitUsed("q", "pods", "1");
        core("pods").delete("ns", "b", DeleteOptions.defaults());
        core("pods").delete("ns", "a", DeleteOptions.defaults());
        awaitUsed("q", "pods", "0");
    }

    @Test
    void computeQuotasSumRequestsAndLimitsAndRequireThem() {
        quota("compute", "{\"requests.cpu\":\"1\",\"limits.memory\":\"100Mi\",\"count/pods\":\"10\"}");
        forbidden(() -> core("pods").create("ns", pod("bare", "[{\"name\":\"c\",\"image\":\"x\"}]"), false),
                "pods \"bare\" is forbidden: failed quota: compute: must specify limits.memory for: c; requests.cpu"
                        + " for: c");
        core("pods").create("ns", newPod("a"), false);
        awaitUsed("compute", "limits.memory", "64Mi");
        assertThat(status("compute").path("used").toString())
                .isEqualTo("{\"requests.cpu\":\"500m\",\"limits.memory\":\"64Mi\",\"count/pods\":\"1\"}");
        forbidden(() -> core("pods").create("ns", newPod("b"), false),
                "pods \"b\" is forbidden: exceeded quota: compute, requested: limits.memory=64Mi, used:"
                        + " limits.memory=64Mi, limited: limits.memory=100Mi");
    }

    @Test
    void dryRunsAreCheckedButNotCharged() {
        quota("q", "{\"pods\":\"1\"}");
        core("pods").create("ns", newPod("a"), true);
        assertThat(status("q").path("used").path("pods").asString()).isEqualTo("0");
        core("pods").create("ns", newPod("a"), false);
        forbidden(() -> core("pods").create("ns", newPod("b"), true),
                "pods \"b\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1");
    }

    @Test
    void objectCountsServicesAndClaims() {
        quota("objects", "{\"configmaps\":\"1\",\"count/secrets\":\"1\",\"services.nodeports\":\"1\","
                + "\"requests.storage\":\"5Gi\",\"persistentvolumeclaims\":\"5\"}");
        create("configmaps", "{\"metadata\":{\"name\":\"a\"}}");
        forbidden(() -> create("configmaps", "{\"metadata\":{\"name\":\"b\"}}"),
                "configmaps \"b\" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1,"
                        + " limited: configmaps=1");
        create("secrets", "{\"metadata\":{\"name\":\"s\"}}");
        forbidden(() -> create("secrets", "{\"metadata\":{\"name\":\"t\"}}"),
                "secrets \"t\" is forbidden: exceeded quota: objects, requested: count/secrets=1, used:"
                        + " count/secrets=1, limited: count/secrets=1");
        forbidden(() -> create("services", """
                        {"metadata":{"name":"np"},"spec":{"type":"NodePort","ports":[{"name":"a","port":80},{"name":"b","port":81}]}}"""),
                "services \"np\" is forbidden: exceeded quota: objects, requested: services.nodeports=2, used:"
                        + " services.nodeports=0, limited: services.nodeports=1");
        create("services", "{\"metadata\":{\"name\":\"plain\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
        String claim = """
                {"metadata":{"name":"%s"},"spec":{"accessModes":["ReadWriteOnce"],
                 "resources":{"requests":{"storage":"%s"}}}}""";
        create("persistentvolumeclaims", claim.formatted("a", "3Gi"));
        forbidden(() -> create("persistentvolumeclaims", claim.formatted("b", "3Gi")),
                "persistentvolumeclaims \"b\" is forbidden: exceeded quota: objects, requested: requests.storage=3Gi,"
                        + " used: requests.storage=3Gi, limited: requests.storage=5Gi");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status("objects").path("used").toString())
                .isEqualTo("{\"configmaps\":\"1\",\"count/secrets\":\"1\",\"services.nodeports\":\"0\","
                        + "\"requests.storage\":\"3Gi\",\"persistentvolumeclaims\":\"1\"}"));
    }

    @Test
    void scopedQuotasOnlyCountMatchingPods() {
        quota("best-effort", "{\"pods\":\"1\"}");
        core("resourcequotas").patch("ns", "best-effort", current -> {
            ((ObjectNode) current.get("spec")).putArray("scopes").add("BestEffort");
            return current;
        }, null, false);
        core("pods").create("ns", newPod("burstable-1"), false);
        core("pods").create("ns", newPod("burstable-2"), false);
        core("pods").create("ns", pod("be-1", "[{\"name\":\"c\",\"image\":\"x\"}]"), false);
        forbidden(() -> core("pods").create("ns", pod("be-2", "[{\"name\":\"c\",\"image\":\"x\"}]"), false),
                "pods \"be-2\" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited:"
                        + " pods=1");
    }
}
