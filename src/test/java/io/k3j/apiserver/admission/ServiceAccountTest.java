package io.k3j.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.k3j.apiserver.registry.ListOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountTest extends Harness {

    @Test
    void namespacesGetTheirDefaultAccountButNotOnDryRun() {
        assertThat(Lookups.find(core("serviceaccounts"), "ns", "default")).isNotNull();
        core("namespaces").create(null, obj("{\"metadata\":{\"name\":\"dry\"}}"), true);
        assertThat(core("serviceaccounts").list("dry", ListOptions.all()).items()).isEmpty();
    }

    @Test
    void podsGetTheDefaultAccountAndTheApiAccessVolume() {
        ObjectNode pod = core("pods").create("ns", obj("""
                {"metadata":{"name":"p"},"spec":{
                  "initContainers":[{"name":"init","image":"x"}],
                  "containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}]}}"""), false);
        JsonNode spec = pod.get("spec");
        assertThat(spec.path("serviceAccountName").asString()).isEqualTo("default");
        assertThat(spec.path("serviceAccount").asString()).isEqualTo("default");
        assertThat(spec.path("volumes").size()).isEqualTo(1);
        JsonNode volume = spec.path("volumes").get(0);
        String name = volume.path("name").asString();
        assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.path("projected").toString()).isEqualTo("""
                {"defaultMode":420,"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},\
                {"configMap":{"items":[{"key":"ca.crt","path":"ca.crt"}],"name":"kube-root-ca.crt"}},\
                {"downwardAPI":{"items":[{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"},\
                "path":"namespace"}]}}]}""");
        for (String path : new String[]{"/spec/initContainers/0", "/spec/containers/0", "/spec/containers/1"}) {
            assertThat(pod.at(path + "/volumeMounts").toString()).isEqualTo("[{\"name\":\"" + name
                    + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]");
        }
    }

    @Test
    void aMissingAccountIsForbidden() {
        forbidden(() -> core("pods").create("ns", obj("""
                        {"metadata":{"name":"p"},"spec":{"serviceAccountName":"robot",
                         "containers":[{"name":"c","image":"x"}]}}"""), false),
                "pods \"p\" is forbidden: error looking up service account ns/robot: serviceaccount \"robot\" not found");
    }

    @Test
    void automountingCanBeTurnedOffByThePodOrTheAccount() {
        ObjectNode off = core("pods").create("ns", obj("""
                {"metadata":{"name":"off"},"spec":{"automountServiceAccountToken":false,
                 "containers":[{"name":"c","image":"x"}]}}"""), false);
        assertThat(off.at("/spec").has("volumes")).isFalse();
        create("serviceaccounts", "{\"metadata\":{\"name\":\"quiet\"},\"automountServiceAccountToken\":false,"
                + "\"imagePullSecrets\":[{\"name\":\"registry\"}]}");
        ObjectNode quiet = core("pods").create("ns", obj("""
                {"metadata":{"name":"q"},"spec":{"serviceAccountName":"quiet",
                 "containers":[{"name":"c","image":"x"}]}}"""), false);
        assertThat(quiet.at("/spec").has("volumes")).isFalse();
        assertThat(quiet.at("/spec/imagePullSecrets").toString()).isEqualTo("[{\"name\":\"registry\"}]");
        ObjectNode podWins = core("pods").create("ns", obj("""
                {"metadata":{"name":"w"},"spec":{"serviceAccountName":"quiet","automountServiceAccountToken":true,
                 "containers":[{"name":"c","image":"x"}]}}"""), false);
        assertThat(podWins.at("/spec/volumes").size()).isEqualTo(1);
    }

    @Test
    void aContainerWithItsOwnMountThereIsLeftAlone() {
        ObjectNode pod = core("pods").create("ns", obj("""
                {"metadata":{"name":"p"},"spec":{"volumes":[{"name":"mine","emptyDir":{}}],
                 "containers":[{"name":"c","image":"x","volumeMounts":[{"name":"mine",
                   "mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}]}}"""), false);
        assertThat(pod.at("/spec/volumes").size()).isEqualTo(1);
        assertThat(pod.at("/spec/containers/0/volumeMounts").size()).isEqualTo(1);
    }

    @Test
    void existingNamespacesGetTheAccountAtStartUp() {
        core("serviceaccounts").delete("ns", "default", io.k3j.apiserver.registry.DeleteOptions.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> Lookups.find(core("serviceaccounts"), "ns", "default") == null);
        new DefaultServiceAccounts(registry).start();
        assertThat(Lookups.find(core("serviceaccounts"), "ns", "default")).isNotNull();
    }
}
