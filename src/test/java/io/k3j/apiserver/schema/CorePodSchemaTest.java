package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The core/v1 types of pods, pod templates and persistent volumes (claims), checked against upstream facts. */
class CorePodSchemaTest {

    private static final List<String> FILES = List.of("meta-v1.types", "core-v1-pod.types");
    private static final String CORE = "io.k8s.api.core.v1.";

    private final Schema schema = Schema.load(FILES, Set.of());
    private final Map<String, TypeSchema> declared = SchemaFiles.read(FILES).types();

    private TypeSchema type(String name) {
        TypeSchema t = schema.type(CORE + name);
        assertThat(t).as(name).isNotNull();
        return t;
    }

    private FieldSchema field(String type, String json) {
        FieldSchema f = declaredField(type(type), json);
        assertThat(f).as(type + "." + json).isNotNull();
        return f;
    }

    /** A field declared on the type itself: a plain one by JSON name, or an inline one by its protobuf name. */
    private static FieldSchema declaredField(TypeSchema t, String json) {
        return all(t).stream().filter(f -> f.json().equals(json)).findFirst().orElse(null);
    }

    /** The fields declared on the type itself, inline (embedded) ones included. */
    private static List<FieldSchema> all(TypeSchema t) {
        List<FieldSchema> out = new java.util.ArrayList<>(t.ownFields());
        out.addAll(t.embedded());
        return out;
    }

    private static ValueType.Ref ref(String name) {
        return new ValueType.Ref(CORE + name);
    }

    @Test
    void kindsResolve() {
        assertThat(schema.kind("v1", "Pod").name()).isEqualTo(CORE + "Pod");
        assertThat(schema.kind("v1", "PodTemplate").name()).isEqualTo(CORE + "PodTemplate");
        assertThat(schema.kind("v1", "PersistentVolume").name()).isEqualTo(CORE + "PersistentVolume");
        assertThat(schema.kind("v1", "PersistentVolumeClaim").name()).isEqualTo(CORE + "PersistentVolumeClaim");
    }

    @Test
    void everyFieldHasAProtobufNumberAndADescription() {
        for (TypeSchema t : declared.values()) {
            if (!t.name().startsWith(CORE)) {
                continue;
            }
            assertThat(t.description()).as(t.name()).isNotBlank();
            assertThat(all(t)).as(t.name()).isNotEmpty();
            for (FieldSchema f : all(t)) {
                assertThat(f.proto()).as(t.name() + "." + f.json()).isPositive();
                assertThat(f.description()).as(t.name() + "." + f.json()).isNotBlank();
            }
        }
    }

    @Test
    void everyDeclaredTypeIsReachableFromTheKinds() {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(CORE + "Pod", CORE + "PodTemplate", CORE + "PersistentVolume",
                CORE + "PersistentVolumeClaim"));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            for (FieldSchema f : all(schema.type(name))) {
                ValueType v = element(f.type());
                if (v instanceof ValueType.Ref r) {
                    todo.push(r.name());
                }
            }
        }
        Set<String> core = new HashSet<>();
        for (String name : declared.keySet()) {
            if (name.startsWith(CORE)) {
                core.add(name);
            }
        }
        assertThat(seen).containsAll(core);
    }

    @Test
    void inlinedMembersDoNotCollideAndListKeysExist() {
        for (TypeSchema t : declared.values()) {
            Map<String, FieldSchema> members = members(t);
            assertThat(members).as(t.name()).isNotEmpty();
            for (FieldSchema f : all(t)) {
                if (f.inline()) {
                    assertThat(f.type()).isInstanceOf(ValueType.Ref.class);
                    continue;
                }
                if (f.listType() == null && f.patchMergeKey() == null) {
                    continue;
                }
                ValueType items = f.type() instanceof ValueType.ListOf l ? l.items() : null;
                if (items instanceof ValueType.Ref r) {
                    Map<String, FieldSchema> itemMembers = members(schema.type(r.name()));
                    for (String key : f.listMapKeys()) {
                        assertThat(itemMembers).as(t.name() + "." + f.json() + " key " + key).containsKey(key);
                    }
                    if (f.patchMergeKey() != null) {
                        assertThat(itemMembers).as(t.name() + "." + f.json() + " mergeKey")
                                .containsKey(f.patchMergeKey());
                    }
                }
            }
        }
    }

    @Test
    void podSpecContainersAndVolumes() {
        FieldSchema containers = field("PodSpec", "containers");
        assertThat(containers.proto()).isEqualTo(2);
        assertThat(containers.required()).isTrue();
        assertThat(containers.type()).isEqualTo(new ValueType.ListOf(ref("Container")));
        assertThat(containers.listType()).isEqualTo("map");
        assertThat(containers.listMapKeys()).containsExactly("name");
        assertThat(containers.patchStrategy()).isEqualTo("merge");
        assertThat(containers.patchMergeKey()).isEqualTo("name");
        assertThat(field("PodSpec", "initContainers").proto()).isEqualTo(20);
        assertThat(field("PodSpec", "ephemeralContainers").proto()).isEqualTo(34);

        FieldSchema volumes = field("PodSpec", "volumes");
        assertThat(volumes.proto()).isEqualTo(1);
        assertThat(volumes.listMapKeys()).containsExactly("name");
        assertThat(volumes.patchStrategy()).isEqualTo("merge,retainKeys");
        assertThat(volumes.patchMergeKey()).isEqualTo("name");

        FieldSchema grace = field("PodSpec", "terminationGracePeriodSeconds");
        assertThat(grace.proto()).isEqualTo(4);
        assertThat(grace.pointer()).isTrue();
        assertThat(grace.type()).isEqualTo(ValueType.Scalar.INT64);
        assertThat(field("PodSpec", "serviceAccount").proto()).isEqualTo(9);
        assertThat(field("PodSpec", "serviceAccountName").proto()).isEqualTo(8);
        assertThat(field("PodSpec", "nodeSelector").type()).isEqualTo(new ValueType.MapOf(ValueType.Scalar.STRING));
        assertThat(field("PodSpec", "overhead").type()).isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        assertThat(field("PodSpec", "tolerations").listType()).isEqualTo("atomic");
        assertThat(field("PodSpec", "topologySpreadConstraints").listMapKeys())
                .containsExactly("topologyKey", "whenUnsatisfiable");
        assertThat(field("PodSpec", "resourceClaims").patchStrategy()).isEqualTo("merge,retainKeys");
        assertThat(field("PodSpec", "hostUsers").pointer()).isTrue();
        assertThat(field("PodSpec", "imagePullSecrets").listMapKeys()).containsExactly("name");
    }

    @Test
    void containerFields() {
        assertThat(field("Container", "name").required()).isTrue();
        assertThat(field("Container", "image").proto()).isEqualTo(2);
        assertThat(field("Container", "image").required()).isFalse();
        assertThat(field("Container", "envFrom").proto()).isEqualTo(19);
        FieldSchema ports = field("Container", "ports");
        assertThat(ports.proto()).isEqualTo(6);
        assertThat(ports.listMapKeys()).containsExactly("containerPort", "protocol");
        assertThat(ports.patchMergeKey()).isEqualTo("containerPort");
        FieldSchema env = field("Container", "env");
        assertThat(env.proto()).isEqualTo(7);
        assertThat(env.listMapKeys()).containsExactly("name");
        assertThat(env.patchMergeKey()).isEqualTo("name");
        assertThat(field("Container", "volumeMounts").listMapKeys()).containsExactly("mountPath");
        assertThat(field("Container", "volumeDevices").patchMergeKey()).isEqualTo("devicePath");
        assertThat(field("Container", "restartPolicy").pointer()).isTrue();
        assertThat(field("Container", "startupProbe").proto()).isEqualTo(22);
        assertThat(field("Container", "tty").proto()).isEqualTo(18);
        assertThat(field("ContainerPort", "containerPort").proto()).isEqualTo(3);
        assertThat(field("ContainerPort", "containerPort").required()).isTrue();
        assertThat(field("EnvVar", "valueFrom").proto()).isEqualTo(3);
        assertThat(field("EnvVarSource", "secretKeyRef").proto()).isEqualTo(4);
        assertThat(field("VolumeMount", "recursiveReadOnly").proto()).isEqualTo(7);
        assertThat(field("VolumeMount", "mountPath").proto()).isEqualTo(3);
        assertThat(field("HTTPGetAction", "port").type()).isEqualTo(ValueType.Special.INT_OR_STRING);
        assertThat(field("ResourceRequirements", "limits").type())
                .isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        assertThat(field("SecurityContext", "runAsUser").pointer()).isTrue();
        assertThat(field("SecurityContext", "windowsOptions").proto()).isEqualTo(10);
        assertThat(field("PodSecurityContext", "fsGroup").proto()).isEqualTo(5);
        assertThat(field("ContainerStatus", "restartCount").required()).isTrue();
        assertThat(field("ContainerStatus", "started").pointer()).isTrue();
    }

    @Test
    void embeddedStructsAreInlineFields() {
        FieldSchema common = field("EphemeralContainer", "ephemeralContainerCommon");
        assertThat(common.inline()).isTrue();
        assertThat(common.proto()).isEqualTo(1);
        assertThat(common.type()).isEqualTo(ref("EphemeralContainerCommon"));
        assertThat(field("EphemeralContainer", "targetContainerName").proto()).isEqualTo(2);
        assertThat(members(type("EphemeralContainer"))).containsKeys("name", "image", "targetContainerName");

        // EphemeralContainerCommon mirrors Container field by field.
        List<String> container = new ArrayList<>();
        List<String> ephemeral = new ArrayList<>();
        type("Container").ownFields().forEach(f -> container.add(f.json() + " " + f.proto() + " " + f.type()
                + " " + f.listType() + " " + f.listMapKeys() + " " + f.patchStrategy() + " " + f.pointer()));
        type("EphemeralContainerCommon").ownFields().forEach(f -> ephemeral.add(f.json() + " " + f.proto() + " "
                + f.type() + " " + f.listType() + " " + f.listMapKeys() + " " + f.patchStrategy() + " " + f.pointer()));
        assertThat(ephemeral).containsExactlyElementsOf(container);

        assertThat(field("Volume", "volumeSource").inline()).isTrue();
        assertThat(field("Volume", "volumeSource").proto()).isEqualTo(2);
        assertThat(field("Probe", "handler").inline()).isTrue();
        assertThat(field("PersistentVolumeSpec", "persistentVolumeSource").inline()).isTrue();
        assertThat(field("PersistentVolumeSpec", "persistentVolumeSource").proto()).isEqualTo(2);
        for (String t : List.of("ConfigMapKeySelector", "SecretKeySelector", "ConfigMapEnvSource", "SecretEnvSource",
                "ConfigMapVolumeSource", "ConfigMapProjection", "SecretProjection")) {
            FieldSchema f = field(t, "localObjectReference");
            assertThat(f.inline()).as(t).isTrue();
            assertThat(f.proto()).as(t).isEqualTo(1);
            assertThat(members(type(t))).as(t).containsKey("name");
        }
    }

    @Test
    void podStatusAndObjects() {
        assertThat(field("Pod", "metadata").proto()).isEqualTo(1);
        assertThat(field("Pod", "spec").proto()).isEqualTo(2);
        assertThat(field("Pod", "status").proto()).isEqualTo(3);
        assertThat(field("PodTemplate", "template").type()).isEqualTo(ref("PodTemplateSpec"));
        FieldSchema podIPs = field("PodStatus", "podIPs");
        assertThat(podIPs.proto()).isEqualTo(12);
        assertThat(podIPs.listMapKeys()).containsExactly("ip");
        FieldSchema hostIPs = field("PodStatus", "hostIPs");
        assertThat(hostIPs.proto()).isEqualTo(16);
        assertThat(hostIPs.listType()).isEqualTo("atomic");
        assertThat(hostIPs.patchMergeKey()).isEqualTo("ip");
        assertThat(field("PodStatus", "conditions").listMapKeys()).containsExactly("type");
        assertThat(field("PodStatus", "startTime").type()).isEqualTo(ValueType.Special.TIME);
        assertThat(field("PodStatus", "nominatedNodeName").proto()).isEqualTo(11);
        assertThat(field("PodStatus", "containerStatuses").proto()).isEqualTo(8);
        assertThat(field("PodCondition", "observedGeneration").proto()).isEqualTo(7);

        assertThat(field("PersistentVolumeClaimSpec", "selector").proto()).isEqualTo(4);
        assertThat(field("PersistentVolumeClaimSpec", "storageClassName").pointer()).isTrue();
        assertThat(field("PersistentVolumeClaimSpec", "resources").type()).isEqualTo(ref("VolumeResourceRequirements"));
        assertThat(field("PersistentVolumeClaimStatus", "allocatedResourceStatuses").proto()).isEqualTo(7);
        assertThat(field("PersistentVolumeSource", "csi").proto()).isEqualTo(22);
        assertThat(field("VolumeSource", "projected").proto()).isEqualTo(26);
        assertThat(field("VolumeSource", "storageos").proto()).isEqualTo(27);
        assertThat(field("VolumeSource", "image").proto()).isEqualTo(30);
        assertThat(field("ISCSIVolumeSource", "chapAuthSession").proto()).isEqualTo(11);
        assertThat(field("ISCSIVolumeSource", "secretRef").proto()).isEqualTo(10);
        assertThat(field("ClusterTrustBundleProjection", "optional").proto()).isEqualTo(5);

        assertThat(type("LocalObjectReference").atomic()).isTrue();
        assertThat(type("ObjectReference").atomic()).isTrue();
        assertThat(type("NodeSelector").atomic()).isTrue();
        assertThat(type("NodeSelectorTerm").atomic()).isTrue();
        assertThat(type("ConfigMapKeySelector").atomic()).isTrue();
        assertThat(type("PodSpec").atomic()).isFalse();
    }

    @Test
    void theInlineMarkerIsReadAndNeedsAnObjectType() {
        SchemaFiles f = new SchemaFiles();
        f.parse("t", "package p\ntype Outer\n  inner Inner 1 inline\n  x string 2\ntype Inner\n  y string 1\n");
        assertThat(declaredField(f.parsed().types().get("p.Outer"), "inner").inline()).isTrue();
        assertThat(declaredField(f.parsed().types().get("p.Outer"), "x").inline()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SchemaFiles().parse("t", "package p\ntype T\n  a []string 1 inline\n"))
                .hasMessageContaining("only a struct can be inline");
    }

    /** The JSON members of a type, with inline fields expanded; fails on a name used twice. */
    private Map<String, FieldSchema> members(TypeSchema t) {
        Map<String, FieldSchema> out = new LinkedHashMap<>();
        for (FieldSchema f : all(t)) {
            if (f.inline()) {
                for (Map.Entry<String, FieldSchema> e : members(schema.type(((ValueType.Ref) f.type()).name()))
                        .entrySet()) {
                    assertThat(out.put(e.getKey(), e.getValue())).as(t.name() + " member " + e.getKey()).isNull();
                }
            } else {
                assertThat(out.put(f.json(), f)).as(t.name() + " member " + f.json()).isNull();
            }
        }
        return out;
    }

    private static ValueType element(ValueType v) {
        while (v instanceof ValueType.ListOf || v instanceof ValueType.MapOf) {
            v = v instanceof ValueType.ListOf l ? l.items() : ((ValueType.MapOf) v).values();
        }
        return v;
    }
}
