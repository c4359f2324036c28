package io.k3j.apiserver.registry.kinds;

import static io.k3j.apiserver.registry.kinds.Fixtures.assertSameJson;
import static io.k3j.apiserver.registry.kinds.Fixtures.created;
import static io.k3j.apiserver.registry.kinds.Fixtures.lines;
import static io.k3j.apiserver.registry.kinds.Fixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class StatefulSetStrategyTest {

    private final StatefulSetStrategy strategy = new StatefulSetStrategy();

    @Test
    void minimalStatefulSetGetsUpstreamDefaults() {
        ObjectNode sts = created(strategy, """
                {"metadata":{"name":"db"},"spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                  "template":{"metadata":{"labels":{"app":"db"}},
                    "spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}},
                  "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                    "resources":{"requests":{"storage":"1Gi"}}}}]}}""");
        assertSameJson(sts.get("spec"), """
                {"replicas":1,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                 "podManagementPolicy":"OrderedReady",
                 "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
                 "revisionHistoryLimit":10,
                 "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
                 "template":{"metadata":{"labels":{"app":"db"}},"spec":%s},
                 "volumeClaimTemplates":[{"apiVersion":"v1","kind":"PersistentVolumeClaim",
                   "metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                   "resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},
                   "status":{"phase":"Pending"}}]}""".replace("%s", Fixtures.DEFAULTED_POD_SPEC));
        assertSameJson(sts.get("status"), """
                {"replicas":0,"availableReplicas":0}""");
        assertThat(strategy.validate(sts)).isEmpty();
    }

    @Test
    void userValuesAreKeptAndAnExplicitTypeGetsNoRollingUpdateBlock() {
        ObjectNode sts = created(strategy, """
                {"metadata":{"name":"db"},"spec":{"replicas":3,"podManagementPolicy":"Parallel",
                  "updateStrategy":{"type":"RollingUpdate"},
                  "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"},
                  "selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},
                  "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertSameJson(sts.at("/spec/updateStrategy"), """
                {"type":"RollingUpdate"}""");
        assertSameJson(sts.at("/spec/persistentVolumeClaimRetentionPolicy"), """
                {"whenDeleted":"Delete","whenScaled":"Retain"}""");
        assertThat(sts.at("/spec/podManagementPolicy").asString()).isEqualTo("Parallel");
        assertThat(sts.at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void containersMayMountVolumeClaimTemplatesButNotUndeclaredVolumes() {
        ObjectNode sts = created(strategy, """
                {"metadata":{"name":"db"},"spec":{"serviceName":"db",
                  "selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},
                  "spec":{"containers":[{"name":"c","image":"x:1","volumeMounts":[{"name":"data","mountPath":"/d"},
                    {"name":"other","mountPath":"/o"}]}]}},
                  "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
                    "resources":{"requests":{"storage":"1Gi"}}}}]}}""");
        assertThat(lines(strategy.validate(sts))).containsExactly(
                "spec.template.spec.containers[0].volumeMounts[1].name: Not found: \"other\"");
        assertThat(sts.path("spec").path("template").path("spec").has("volumes")).isFalse();
    }

    @Test
    void invalidStatefulSetsReportUpstreamCauses() {
        ObjectNode sts = created(strategy, """
                {"metadata":{"name":"db"},"spec":{"replicas":-2,"podManagementPolicy":"Random",
                  "updateStrategy":{"type":"Sometimes"},
                  "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Keep"},
                  "selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"x"}},
                  "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        assertThat(lines(strategy.validate(sts))).containsExactly(
                "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
                "spec.updateStrategy: Invalid value: {\"type\":\"Sometimes\"}: must be 'RollingUpdate' or 'OnDelete'",
                "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported"
                        + " values: \"Retain\", \"Delete\"",
                "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
                "spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template"
                        + " `labels`");
    }

    @Test
    void onlySomeSpecFieldsMayChange() {
        String json = """
                {"metadata":{"name":"db"},"spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                  "template":{"metadata":{"labels":{"app":"db"}},
                    "spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""";
        ObjectNode old = created(strategy, json);
        ObjectNode scaled = obj(json.replace("\"serviceName\"", "\"replicas\":5,\"serviceName\"")
                .replace("x:1", "x:2"));
        strategy.prepareForUpdate(scaled, old);
        assertThat(scaled.at("/metadata/generation").asInt()).isEqualTo(2);
        ObjectNode renamed = obj(json.replace("\"serviceName\":\"db\"", "\"serviceName\":\"other\""));
        assertThatThrownBy(() -> strategy.prepareForUpdate(renamed, old)).isInstanceOf(ApiException.class)
                .hasMessage("StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for"
                        + " fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',"
                        + " 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are"
                        + " forbidden");
    }
}
