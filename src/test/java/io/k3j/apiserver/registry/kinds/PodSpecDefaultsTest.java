package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class PodSpecDefaultsTest {

    @ParameterizedTest
    @CsvSource({
        "nginx, Always",
        "nginx:latest, Always",
        "nginx:1.27, IfNotPresent",
        "docker.io/library/nginx:latest, Always",
        "localhost:5000/app, Always",
        "localhost:5000/app:v2, IfNotPresent",
        "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent",
        "nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, Always",
        "Nginx, IfNotPresent",
        "'', IfNotPresent"})
    void pullPolicyFollowsTheImageTag(String image, String policy) {
        assertThat(PodSpecDefaults.pullPolicy(image)).isEqualTo(policy);
    }

    @Test
    void templateSpecGetsPodSpecDefaultsButNotPodOnlyOnes() {
        ObjectNode template = obj("""
                {"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}""");
        PodSpecDefaults.template(template);
        assertSameJson(template.get("spec"), Fixtures.DEFAULTED_POD_SPEC);
    }

    @Test
    void containersProbesEnvAndVolumesAreDefaulted() {
        ObjectNode spec = obj("""
                {"initContainers":[{"name":"init","image":"busybox:1"}],
                 "containers":[{"name":"c","image":"app:1",
                   "ports":[{"containerPort":80}],
                   "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
                   "livenessProbe":{"httpGet":{"port":80}},
                   "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
                   "lifecycle":{"preStop":{"httpGet":{"port":80,"path":"/stop"}}}}],
                 "volumes":[{"name":"scratch"},
                   {"name":"cfg","configMap":{"name":"cfg"}},
                   {"name":"sec","secret":{"secretName":"s","defaultMode":256}},
                   {"name":"host","hostPath":{"path":"/var/log"}},
                   {"name":"info","downwardAPI":{"items":[{"path":"labels",
                     "fieldRef":{"fieldPath":"metadata.labels"}}]}},
                   {"name":"token","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}]}""");
        PodSpecDefaults.podSpec(spec);
        assertSameJson(spec.at("/initContainers/0"), """
                {"name":"init","image":"busybox:1","imagePullPolicy":"IfNotPresent","resources":{},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}""");
        assertSameJson(spec.at("/containers/0"), """
                {"name":"c","image":"app:1","imagePullPolicy":"IfNotPresent","resources":{},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
                 "ports":[{"containerPort":80,"protocol":"TCP"}],
                 "env":[{"name":"NODE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.nodeName"}}}],
                 "livenessProbe":{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,
                   "periodSeconds":10,"successThreshold":1,"failureThreshold":3},
                 "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5,"timeoutSeconds":1,
                   "successThreshold":1,"failureThreshold":3},
                 "lifecycle":{"preStop":{"httpGet":{"port":80,"path":"/stop","scheme":"HTTP"}}}}""");
        assertSameJson(spec.get("volumes"), """
                [{"name":"scratch","emptyDir":{}},
                 {"name":"cfg","configMap":{"name":"cfg","defaultMode":420}},
                 {"name":"sec","secret":{"secretName":"s","defaultMode":256}},
                 {"name":"host","hostPath":{"path":"/var/log","type":""}},
                 {"name":"info","downwardAPI":{"defaultMode":420,"items":[{"path":"labels",
                   "fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"}}]}},
                 {"name":"token","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":
                   {"path":"token","expirationSeconds":3600}}]}}]""");
    }

    @Test
    void deprecatedServiceAccountFillsServiceAccountName() {
        ObjectNode spec = obj("""
                {"serviceAccount":"old","containers":[]}""");
        PodSpecDefaults.podSpec(spec);
        assertThat(spec.get("serviceAccountName").asString()).isEqualTo("old");
        assertThat(spec.get("serviceAccount").asString()).isEqualTo("old");
    }

    @Test
    void podOnlyDefaultsKeepExplicitRequests() {
        ObjectNode spec = obj("""
                {"containers":[{"name":"c","resources":{"limits":{"cpu":"1","memory":"1Gi"},
                  "requests":{"cpu":"100m"}}}]}""");
        PodSpecDefaults.podOnly(spec);
        assertSameJson(spec.at("/containers/0/resources/requests"), """
                {"cpu":"100m","memory":"1Gi"}""");
        assertThat(spec.get("enableServiceLinks").asBoolean()).isTrue();
    }
}
