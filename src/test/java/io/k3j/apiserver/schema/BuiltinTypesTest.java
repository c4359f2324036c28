package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's patch tags next to its list types: separate facts for strategic merge and ownership. */
class BuiltinTypesTest {

    private static TypeDef at(TypeDef type, String... path) {
        for (String step : path) {
            type = step.equals("[]") ? type.items() : type.member(step);
        }
        return type;
    }

    private static final TypeDef POD_SPEC = at(BuiltinTypes.forKind("", "Pod"), "spec");

    @Test
    void containerListsMergeByName() {
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            TypeDef t = at(POD_SPEC, list);
            assertThat(t.patchMerges()).as(list).isTrue();
            assertThat(t.patchMergeKey()).as(list).isEqualTo("name");
            assertThat(t.keys()).as(list).containsExactly("name");
        }
        TypeDef container = at(POD_SPEC, "containers", "[]");
        assertThat(at(container, "env").patchMergeKey()).isEqualTo("name");
        assertThat(at(container, "volumeMounts").patchMergeKey()).isEqualTo("mountPath");
        assertThat(at(container, "volumeDevices").patchMergeKey()).isEqualTo("devicePath");
        assertThat(at(container, "envFrom").patchMerges()).as("envFrom has no patch tags").isFalse();
        assertThat(at(container, "resources", "claims").patchMerges()).isFalse();
        assertThat(at(container, "resources", "claims").shape()).isEqualTo(TypeDef.Shape.LIST_MAP);
    }

    @Test
    void mergeKeysMayDifferFromListMapKeys() {
        TypeDef ports = at(POD_SPEC, "containers", "[]", "ports");
        assertThat(ports.keys()).containsExactly("containerPort", "protocol");
        assertThat(ports.patchMergeKey()).isEqualTo("containerPort");
        TypeDef servicePorts = at(BuiltinTypes.forKind("", "Service"), "spec", "ports");
        assertThat(servicePorts.keys()).containsExactly("port", "protocol");
        assertThat(servicePorts.patchMergeKey()).isEqualTo("port");
        TypeDef spread = at(POD_SPEC, "topologySpreadConstraints");
        assertThat(spread.keys()).containsExactly("topologyKey", "whenUnsatisfiable");
        assertThat(spread.patchMergeKey()).isEqualTo("topologyKey");
        TypeDef jobConditions = at(BuiltinTypes.forKind("batch", "Job"), "status", "conditions");
        assertThat(jobConditions.shape()).isEqualTo(TypeDef.Shape.LIST_ATOMIC);
        assertThat(jobConditions.patchMergeKey()).isEqualTo("type");
        TypeDef csrConditions = at(BuiltinTypes.forKind("certificates.k8s.io", "CertificateSigningRequest"),
                "status", "conditions");
        assertThat(csrConditions.shape()).isEqualTo(TypeDef.Shape.LIST_MAP);
        assertThat(csrConditions.patchMerges()).isFalse();
    }

    @Test
    void strategiesBesidesMerge() {
        TypeDef meta = at(BuiltinTypes.forKind("apps", "Deployment"), "metadata");
        assertThat(at(meta, "finalizers").patchMerges()).isTrue();
        assertThat(at(meta, "finalizers").patchMergeKey()).isNull();
        assertThat(at(meta, "finalizers").shape()).isEqualTo(TypeDef.Shape.LIST_SET);
        assertThat(at(meta, "ownerReferences").patchMergeKey()).isEqualTo("uid");
        TypeDef strategy = at(BuiltinTypes.forKind("apps", "Deployment"), "spec", "strategy");
        assertThat(strategy.patchRetainsKeys()).isTrue();
        assertThat(strategy.patchMerges()).isFalse();
        assertThat(at(POD_SPEC, "volumes").patchRetainsKeys()).isTrue();
        assertThat(at(POD_SPEC, "volumes").patchMergeKey()).isEqualTo("name");
        assertThat(at(POD_SPEC, "tolerations").patchMerges()).isFalse();
        assertThat(at(POD_SPEC, "imagePullSecrets").patchMergeKey()).isEqualTo("name");
        assertThat(at(POD_SPEC, "hostAliases").patchMergeKey()).isEqualTo("ip");
        assertThat(at(BuiltinTypes.forKind("", "Node"), "spec", "podCIDRs").patchMerges()).isTrue();
        assertThat(at(BuiltinTypes.forKind("", "Node"), "spec", "taints").patchMerges()).isFalse();
    }

    @Test
    void taggingKeepsTheOwnershipFactsAndTheZeroValue() {
        TypeDef deployment = BuiltinTypes.forKind("apps", "Deployment");
        assertThat(deployment.skeleton().at("/spec/strategy").isObject()).isTrue();
        assertThat(at(POD_SPEC, "containers", "[]", "ports").keyDefault("protocol").stringValue()).isEqualTo("TCP");
        assertThat(TypeDef.SET.patchMerges()).as("shared definitions stay untagged").isFalse();
    }
}
