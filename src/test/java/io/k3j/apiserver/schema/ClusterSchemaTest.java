package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema files of the cluster-level groups: rbac, networking, authorization, authentication,
 * coordination, discovery, storage and node, checked against facts of the upstream types.
 */
class ClusterSchemaTest {

    private static final List<String> FILES = List.of("rbac-v1.types", "networking-v1.types",
            "authorization-v1.types", "authentication-v1.types", "coordination-v1.types", "discovery-v1.types",
            "storage-v1.types", "node-v1.types");

    /** Types these files reference that other schema files declare. */
    private static final Set<String> ASSUMED = Set.of("io.k8s.api.core.v1.ObjectReference",
            "io.k8s.api.core.v1.TypedLocalObjectReference", "io.k8s.api.core.v1.PersistentVolumeSpec",
            "io.k8s.api.core.v1.Toleration");

    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static SchemaFiles.Parsed parsed;

    /**
     * Reads the files directly rather than through {@link Schema}, whose class initialization
     * loads every schema file of the project; the same reference check is made below.
     */
    @BeforeAll
    static void load() {
        List<String> all = new ArrayList<>(List.of("meta-v1.types"));
        all.addAll(FILES);
        parsed = SchemaFiles.read(all);
    }

    private static TypeSchema type(String name) {
        TypeSchema t = parsed.types().get(name);
        assertThat(t).as(name).isNotNull();
        return t;
    }

    private static TypeSchema kind(String apiVersion, String kind) {
        String name = parsed.kinds().get(apiVersion + " " + kind);
        return name == null ? null : parsed.types().get(name);
    }

    @Test
    void everyTypeReferenceResolves() {
        for (TypeSchema t : parsed.types().values()) {
            for (FieldSchema f : t.fields()) {
                ValueType v = f.type();
                while (v instanceof ValueType.ListOf || v instanceof ValueType.MapOf) {
                    v = v instanceof ValueType.ListOf l ? l.items() : ((ValueType.MapOf) v).values();
                }
                if (v instanceof ValueType.Ref r) {
                    assertThat(parsed.types().containsKey(r.name()) || ASSUMED.contains(r.name()))
                            .as(t.name() + "." + f.json() + " -> " + r.name()).isTrue();
                }
            }
        }
    }

    private static ValueType ref(String name) {
        return new ValueType.Ref(name);
    }

    @Test
    void everyFieldHasANumberAndEveryTypeAndFieldADescription() {
        for (TypeSchema t : parsed.types().values()) {
            assertThat(t.description()).as(t.name()).isNotBlank();
            for (FieldSchema f : t.fields()) {
                String where = t.name() + "." + f.json();
                assertThat(f.description()).as(where).isNotBlank();
                assertThat(f.proto()).as(where).isPositive();
            }
        }
    }

    @Test
    void everyKindResolves() {
        Map<String, String> kinds = Map.ofEntries(
                Map.entry("rbac.authorization.k8s.io/v1 Role", "io.k8s.api.rbac.v1.Role"),
                Map.entry("rbac.authorization.k8s.io/v1 ClusterRole", "io.k8s.api.rbac.v1.ClusterRole"),
                Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", "io.k8s.api.rbac.v1.RoleBinding"),
                Map.entry("rbac.authorization.k8s.io/v1 ClusterRoleBinding", "io.k8s.api.rbac.v1.ClusterRoleBinding"),
                Map.entry("networking.k8s.io/v1 Ingress", "io.k8s.api.networking.v1.Ingress"),
                Map.entry("networking.k8s.io/v1 IngressClass", "io.k8s.api.networking.v1.IngressClass"),
                Map.entry("networking.k8s.io/v1 NetworkPolicy", "io.k8s.api.networking.v1.NetworkPolicy"),
                Map.entry("networking.k8s.io/v1 IPAddress", "io.k8s.api.networking.v1.IPAddress"),
                Map.entry("networking.k8s.io/v1 ServiceCIDR", "io.k8s.api.networking.v1.ServiceCIDR"),
                Map.entry("authorization.k8s.io/v1 SubjectAccessReview",
                        "io.k8s.api.authorization.v1.SubjectAccessReview"),
                Map.entry("authorization.k8s.io/v1 SelfSubjectAccessReview",
                        "io.k8s.api.authorization.v1.SelfSubjectAccessReview"),
                Map.entry("authorization.k8s.io/v1 LocalSubjectAccessReview",
                        "io.k8s.api.authorization.v1.LocalSubjectAccessReview"),
                Map.entry("authorization.k8s.io/v1 SelfSubjectRulesReview",
                        "io.k8s.api.authorization.v1.SelfSubjectRulesReview"),
                Map.entry("authentication.k8s.io/v1 TokenReview", "io.k8s.api.authentication.v1.TokenReview"),
                Map.entry("authentication.k8s.io/v1 TokenRequest", "io.k8s.api.authentication.v1.TokenRequest"),
                Map.entry("authentication.k8s.io/v1 SelfSubjectReview",
                        "io.k8s.api.authentication.v1.SelfSubjectReview"),
                Map.entry("authentication.k8s.io/v1beta1 SelfSubjectReview",
                        "io.k8s.api.authentication.v1.SelfSubjectReview"),
                Map.entry("coordination.k8s.io/v1 Lease", "io.k8s.api.coordination.v1.Lease"),
                Map.entry("discovery.k8s.io/v1 EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice"),
                Map.entry("storage.k8s.io/v1 StorageClass", "io.k8s.api.storage.v1.StorageClass"),
                Map.entry("storage.k8s.io/v1 VolumeAttachment", "io.k8s.api.storage.v1.VolumeAttachment"),
                Map.entry("storage.k8s.io/v1 CSIDriver", "io.k8s.api.storage.v1.CSIDriver"),
                Map.entry("storage.k8s.io/v1 CSINode", "io.k8s.api.storage.v1.CSINode"),
                Map.entry("storage.k8s.io/v1 CSIStorageCapacity", "io.k8s.api.storage.v1.CSIStorageCapacity"),
                Map.entry("node.k8s.io/v1 RuntimeClass", "io.k8s.api.node.v1.RuntimeClass"));
        kinds.forEach((k, type) -> {
            int sp = k.indexOf(' ');
            TypeSchema t = kind(k.substring(0, sp), k.substring(sp + 1));
            assertThat(t).as(k).isNotNull();
            assertThat(t.name()).isEqualTo(type);
            assertThat(t.field("metadata").type()).isEqualTo(ref(META + "ObjectMeta"));
            assertThat(t.field("metadata").proto()).isEqualTo(1);
        });
        assertThat(parsed.kinds().keySet().stream().filter(k -> !k.startsWith("meta.k8s.io/")))
                .hasSize(kinds.size());
    }

    @Test
    void rbac() {
        TypeSchema rule = type("io.k8s.api.rbac.v1.PolicyRule");
        assertThat(rule.protoField(1).json()).isEqualTo("verbs");
        assertThat(rule.field("verbs").listType()).isEqualTo("atomic");
        assertThat(rule.field("verbs").required()).isTrue();
        assertThat(rule.protoField(5).json()).isEqualTo("nonResourceURLs");
        assertThat(type("io.k8s.api.rbac.v1.RoleRef").atomic()).isTrue();
        TypeSchema subject = type("io.k8s.api.rbac.v1.Subject");
        assertThat(subject.atomic()).isTrue();
        assertThat(subject.fields()).extracting(FieldSchema::json)
                .containsExactly("kind", "apiGroup", "name", "namespace");
        assertThat(subject.fields()).extracting(FieldSchema::proto).containsExactly(1, 2, 3, 4);
        TypeSchema binding = type("io.k8s.api.rbac.v1.RoleBinding");
        assertThat(binding.field("subjects").proto()).isEqualTo(2);
        assertThat(binding.field("subjects").listType()).isEqualTo("atomic");
        assertThat(binding.field("roleRef").proto()).isEqualTo(3);
        assertThat(binding.field("roleRef").required()).isTrue();
        TypeSchema cr = type("io.k8s.api.rbac.v1.ClusterRole");
        assertThat(cr.protoField(3).json()).isEqualTo("aggregationRule");
        assertThat(type("io.k8s.api.rbac.v1.AggregationRule").field("clusterRoleSelectors").type())
                .isEqualTo(new ValueType.ListOf(ref(META + "LabelSelector")));
    }

    @Test
    void authorization() {
        TypeSchema ssar = type("io.k8s.api.authorization.v1.SelfSubjectAccessReviewSpec");
        assertThat(ssar.protoField(1).json()).isEqualTo("resourceAttributes");
        assertThat(ssar.protoField(2).json()).isEqualTo("nonResourceAttributes");
        TypeSchema ra = type("io.k8s.api.authorization.v1.ResourceAttributes");
        assertThat(ra.fields()).extracting(FieldSchema::json).containsExactly("namespace", "verb", "group",
                "version", "resource", "subresource", "name", "fieldSelector", "labelSelector");
        assertThat(ra.fields()).extracting(FieldSchema::proto).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        TypeSchema fsa = type("io.k8s.api.authorization.v1.FieldSelectorAttributes");
        assertThat(fsa.field("requirements").type())
                .isEqualTo(new ValueType.ListOf(ref(META + "FieldSelectorRequirement")));
        assertThat(type("io.k8s.api.authorization.v1.LabelSelectorAttributes").field("requirements").type())
                .isEqualTo(new ValueType.ListOf(ref(META + "LabelSelectorRequirement")));
        TypeSchema fsr = type(META + "FieldSelectorRequirement");
        assertThat(fsr.protoField(3).json()).isEqualTo("values");
        assertThat(fsr.field("key").required()).isTrue();
        TypeSchema sar = type("io.k8s.api.authorization.v1.SubjectAccessReviewSpec");
        assertThat(sar.field("extra").type())
                .isEqualTo(new ValueType.MapOf(ref("io.k8s.api.authorization.v1.ExtraValue")));
        assertThat(sar.field("extra").proto()).isEqualTo(5);
        assertThat(sar.field("uid").proto()).isEqualTo(6);
        TypeSchema status = type("io.k8s.api.authorization.v1.SubjectAccessReviewStatus");
        assertThat(status.field("allowed").proto()).isEqualTo(1);
        assertThat(status.field("denied").proto()).isEqualTo(4);
        assertThat(status.field("reason").proto()).isEqualTo(2);
        TypeSchema rules = type("io.k8s.api.authorization.v1.SubjectRulesReviewStatus");
        assertThat(rules.field("incomplete").type()).isEqualTo(ValueType.Scalar.BOOL);
        assertThat(rules.field("incomplete").proto()).isEqualTo(3);
        assertThat(type("io.k8s.api.authorization.v1.SelfSubjectRulesReview").field("spec").required()).isTrue();
    }

    @Test
    void authentication() {
        TypeSchema user = type("io.k8s.api.authentication.v1.UserInfo");
        assertThat(user.field("extra").type())
                .isEqualTo(new ValueType.MapOf(ref("io.k8s.api.authentication.v1.ExtraValue")));
        assertThat(user.field("extra").proto()).isEqualTo(4);
        TypeSchema extra = type("io.k8s.api.authentication.v1.ExtraValue");
        assertThat(extra.protoField(1).type()).isEqualTo(new ValueType.ListOf(ValueType.Scalar.STRING));
        TypeSchema spec = type("io.k8s.api.authentication.v1.TokenRequestSpec");
        assertThat(spec.field("expirationSeconds").proto()).isEqualTo(4);
        assertThat(spec.field("expirationSeconds").pointer()).isTrue();
        assertThat(spec.field("expirationSeconds").type()).isEqualTo(ValueType.Scalar.INT64);
        assertThat(spec.field("boundObjectRef").proto()).isEqualTo(3);
        assertThat(spec.field("audiences").listType()).isEqualTo("atomic");
        TypeSchema status = type("io.k8s.api.authentication.v1.TokenRequestStatus");
        assertThat(status.field("expirationTimestamp").type()).isEqualTo(ValueType.Special.TIME);
        TypeSchema review = type("io.k8s.api.authentication.v1.TokenReviewStatus");
        assertThat(review.field("audiences").proto()).isEqualTo(4);
        assertThat(review.field("error").proto()).isEqualTo(3);
        assertThat(type("io.k8s.api.authentication.v1.SelfSubjectReview").field("status").proto()).isEqualTo(2);
    }

    @Test
    void coordinationAndNode() {
        TypeSchema lease = type("io.k8s.api.coordination.v1.LeaseSpec");
        assertThat(lease.fields()).extracting(FieldSchema::json).containsExactly("holderIdentity",
                "leaseDurationSeconds", "acquireTime", "renewTime", "leaseTransitions", "strategy",
                "preferredHolder");
        assertThat(lease.fields()).extracting(FieldSchema::proto).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(lease.field("acquireTime").type()).isEqualTo(ValueType.Special.MICRO_TIME);
        assertThat(lease.field("leaseDurationSeconds").pointer()).isTrue();
        assertThat(lease.field("holderIdentity").pointer()).isTrue();
        TypeSchema rc = type("io.k8s.api.node.v1.RuntimeClass");
        assertThat(rc.field("handler").proto()).isEqualTo(2);
        assertThat(rc.field("handler").required()).isTrue();
        assertThat(type("io.k8s.api.node.v1.Overhead").field("podFixed").type())
                .isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        FieldSchema tolerations = type("io.k8s.api.node.v1.Scheduling").field("tolerations");
        assertThat(tolerations.type()).isEqualTo(new ValueType.ListOf(ref("io.k8s.api.core.v1.Toleration")));
        assertThat(tolerations.listType()).isEqualTo("atomic");
    }

    @Test
    void discovery() {
        TypeSchema slice = type("io.k8s.api.discovery.v1.EndpointSlice");
        assertThat(slice.field("addressType").proto()).isEqualTo(4);
        assertThat(slice.field("endpoints").proto()).isEqualTo(2);
        assertThat(slice.field("ports").proto()).isEqualTo(3);
        TypeSchema ep = type("io.k8s.api.discovery.v1.Endpoint");
        assertThat(ep.field("addresses").listType()).isEqualTo("set");
        assertThat(ep.field("targetRef").type()).isEqualTo(ref("io.k8s.api.core.v1.ObjectReference"));
        assertThat(ep.field("hints").proto()).isEqualTo(8);
        assertThat(ep.field("zone").pointer()).isTrue();
        assertThat(type("io.k8s.api.discovery.v1.EndpointConditions").field("terminating").pointer()).isTrue();
        assertThat(type("io.k8s.api.discovery.v1.EndpointHints").field("forNodes").proto()).isEqualTo(2);
        TypeSchema port = type("io.k8s.api.discovery.v1.EndpointPort");
        assertThat(port.atomic()).isTrue();
        assertThat(port.field("port").pointer()).isTrue();
        assertThat(port.field("appProtocol").proto()).isEqualTo(4);
    }

    @Test
    void networking() {
        TypeSchema spec = type("io.k8s.api.networking.v1.IngressSpec");
        assertThat(spec.field("ingressClassName").proto()).isEqualTo(4);
        assertThat(spec.field("defaultBackend").proto()).isEqualTo(1);
        assertThat(spec.field("rules").listType()).isEqualTo("atomic");
        TypeSchema backend = type("io.k8s.api.networking.v1.IngressBackend");
        assertThat(backend.field("service").proto()).isEqualTo(4);
        assertThat(backend.field("resource").proto()).isEqualTo(3);
        TypeSchema path = type("io.k8s.api.networking.v1.HTTPIngressPath");
        assertThat(path.field("pathType").proto()).isEqualTo(3);
        assertThat(path.field("pathType").required()).isTrue();
        assertThat(path.field("backend").proto()).isEqualTo(2);
        assertThat(type("io.k8s.api.networking.v1.ServiceBackendPort").atomic()).isTrue();
        assertThat(type("io.k8s.api.networking.v1.IngressRuleValue").field("http").proto()).isEqualTo(1);
        assertThat(type("io.k8s.api.networking.v1.IngressRule").embedded()).singleElement()
                .satisfies(e -> assertThat(e.proto()).isEqualTo(2));
        assertThat(type("io.k8s.api.networking.v1.IngressLoadBalancerIngress").field("ports").proto())
                .isEqualTo(4);
        TypeSchema params = type("io.k8s.api.networking.v1.IngressClassParametersReference");
        assertThat(params.field("scope").pointer()).isTrue();
        assertThat(params.field("kind").required()).isTrue();
        TypeSchema np = type("io.k8s.api.networking.v1.NetworkPolicySpec");
        assertThat(np.field("podSelector").type()).isEqualTo(ref(META + "LabelSelector"));
        assertThat(np.field("policyTypes").proto()).isEqualTo(4);
        TypeSchema port = type("io.k8s.api.networking.v1.NetworkPolicyPort");
        assertThat(port.field("port").type()).isEqualTo(ValueType.Special.INT_OR_STRING);
        assertThat(port.field("endPort").pointer()).isTrue();
        assertThat(type("io.k8s.api.networking.v1.NetworkPolicyPeer").field("ipBlock").proto()).isEqualTo(3);
        FieldSchema conditions = type("io.k8s.api.networking.v1.ServiceCIDRStatus").field("conditions");
        assertThat(conditions.listType()).isEqualTo("map");
        assertThat(conditions.listMapKeys()).containsExactly("type");
        assertThat(conditions.patchMergeKey()).isEqualTo("type");
    }

    @Test
    void storage() {
        TypeSchema sc = type("io.k8s.api.storage.v1.StorageClass");
        assertThat(sc.field("provisioner").required()).isTrue();
        assertThat(sc.field("allowVolumeExpansion").pointer()).isTrue();
        assertThat(sc.field("allowedTopologies").type())
                .isEqualTo(new ValueType.ListOf(ref("io.k8s.api.core.v1.TopologySelectorTerm")));
        assertThat(sc.field("allowedTopologies").proto()).isEqualTo(8);
        assertThat(type("io.k8s.api.core.v1.TopologySelectorTerm").atomic()).isTrue();
        assertThat(type("io.k8s.api.core.v1.TopologySelectorLabelRequirement").field("values").proto())
                .isEqualTo(2);
        FieldSchema drivers = type("io.k8s.api.storage.v1.CSINodeSpec").field("drivers");
        assertThat(drivers.listType()).isEqualTo("map");
        assertThat(drivers.listMapKeys()).containsExactly("name");
        assertThat(drivers.patchStrategy()).isEqualTo("merge");
        assertThat(drivers.patchMergeKey()).isEqualTo("name");
        TypeSchema driver = type("io.k8s.api.storage.v1.CSIDriverSpec");
        assertThat(driver.field("volumeLifecycleModes").listType()).isEqualTo("set");
        assertThat(driver.field("seLinuxMount").proto()).isEqualTo(8);
        assertThat(driver.field("podInfoOnMount").type()).isEqualTo(ValueType.Scalar.BOOL);
        TypeSchema source = type("io.k8s.api.storage.v1.VolumeAttachmentSource");
        assertThat(source.field("inlineVolumeSpec").type()).isEqualTo(ref("io.k8s.api.core.v1.PersistentVolumeSpec"));
        assertThat(type("io.k8s.api.storage.v1.VolumeAttachmentStatus").field("detachError").proto())
                .isEqualTo(4);
        TypeSchema cap = type("io.k8s.api.storage.v1.CSIStorageCapacity");
        assertThat(cap.field("maximumVolumeSize").type()).isEqualTo(ValueType.Special.QUANTITY);
        assertThat(cap.field("storageClassName").proto()).isEqualTo(3);
    }
}
