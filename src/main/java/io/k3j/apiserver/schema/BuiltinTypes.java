package io.k3j.apiserver.schema;

import static io.k3j.apiserver.schema.TypeDef.ATOMIC;
import static io.k3j.apiserver.schema.TypeDef.SET;
import static io.k3j.apiserver.schema.TypeDef.listMap;
import static io.k3j.apiserver.schema.TypeDef.object;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The list semantics and zero values of the built-in kinds, after upstream's
 * {@code +listType}, {@code +listMapKey}, {@code +structType=atomic} and {@code +mapType=atomic}
 * markers. Only what differs from the untyped default is declared: granular lists (sets and
 * keyed lists), atomic structs and maps, and members present in a kind's zero value. Every other
 * list is atomic and every other object granular. One table for field ownership now and for
 * strategic merge and OpenAPI later.
 */
public final class BuiltinTypes {

    private BuiltinTypes() {
    }

    public static final TypeDef OBJECT_META = object()
            .alwaysNull("creationTimestamp")
            .field("managedFields", TypeDef.IGNORED)
            .field("finalizers", SET)
            .field("ownerReferences", listMap("uid"));

    /** A metav1.LabelSelector: atomic wherever it appears. */
    public static final TypeDef LABEL_SELECTOR = ATOMIC;

    private static final TypeDef CONDITIONS = listMap("type");

    public static final TypeDef CONTAINER = object()
            .field("ports", listMap(TypeDef.UNTYPED, List.of("containerPort", "protocol"), Map.of("protocol", "TCP")))
            .field("env", listMap("name"))
            .field("volumeMounts", listMap("mountPath"))
            .field("volumeDevices", listMap("devicePath"))
            .field("resources", object().field("claims", listMap("name")));

    public static final TypeDef POD_SPEC = object()
            .always("containers", listMap(CONTAINER, "name"))
            .field("initContainers", listMap(CONTAINER, "name"))
            .field("ephemeralContainers", listMap(CONTAINER, "name"))
            .field("volumes", listMap("name"))
            .field("imagePullSecrets", listMap("name"))
            .field("hostAliases", listMap("ip"))
            .field("topologySpreadConstraints", listMap(object().field("labelSelector", LABEL_SELECTOR),
                    "topologyKey", "whenUnsatisfiable"))
            .field("resourceClaims", listMap("name"))
            .field("schedulingGates", listMap("name"))
            .field("nodeSelector", ATOMIC)
            .field("affinity", object().field("nodeAffinity", object()
                    .field("requiredDuringSchedulingIgnoredDuringExecution", ATOMIC)));

    public static final TypeDef POD_STATUS = object()
            .field("conditions", CONDITIONS)
            .field("podIPs", listMap("ip"))
            .field("resourceClaimStatuses", listMap("name"));

    public static final TypeDef POD_TEMPLATE_SPEC = object()
            .always("metadata", OBJECT_META)
            .always("spec", POD_SPEC);

    private static final TypeDef WORKLOAD_STATUS = object().field("conditions", CONDITIONS);

    private static final TypeDef JOB_SPEC = object()
            .field("selector", LABEL_SELECTOR)
            .always("template", POD_TEMPLATE_SPEC);

    private static final Map<String, TypeDef> KINDS = new HashMap<>();

    static {
        kind("", "Pod", root().always("spec", POD_SPEC).always("status", POD_STATUS));
        kind("", "PodTemplate", root().always("template", POD_TEMPLATE_SPEC));
        kind("", "ReplicationController", root()
                .always("spec", object().field("selector", ATOMIC).field("template", POD_TEMPLATE_SPEC))
                .always("status", WORKLOAD_STATUS));
        kind("", "Service", root()
                .always("spec", object()
                        .field("ports", listMap(TypeDef.UNTYPED, List.of("port", "protocol"), Map.of("protocol", "TCP")))
                        .field("selector", ATOMIC))
                .always("status", object().always("loadBalancer", object()).field("conditions", CONDITIONS)));
        kind("", "Namespace", root().always("spec", object()).always("status", WORKLOAD_STATUS));
        kind("", "Node", root()
                .always("spec", object().field("podCIDRs", SET))
                .always("status", object()
                        .field("conditions", CONDITIONS)
                        .field("addresses", listMap("type"))
                        .always("daemonEndpoints", object().always("kubeletEndpoint", object()))
                        .always("nodeInfo", object())));
        kind("", "PersistentVolumeClaim", root()
                .always("spec", object().field("selector", LABEL_SELECTOR).always("resources", object()))
                .always("status", WORKLOAD_STATUS));
        kind("", "PersistentVolume", root().always("spec", object()).always("status", object()));
        kind("", "ResourceQuota", root().always("spec", object()).always("status", object()));
        kind("", "LimitRange", root().always("spec", object()));
        kind("", "Event", root().always("involvedObject", object()).always("source", object())
                .alwaysNull("firstTimestamp").alwaysNull("lastTimestamp").alwaysNull("eventTime"));
        kind("apps", "Deployment", root()
                .always("spec", object().field("selector", LABEL_SELECTOR).always("template", POD_TEMPLATE_SPEC)
                        .always("strategy", object()))
                .always("status", WORKLOAD_STATUS));
        kind("apps", "ReplicaSet", root()
                .always("spec", object().field("selector", LABEL_SELECTOR).always("template", POD_TEMPLATE_SPEC))
                .always("status", WORKLOAD_STATUS));
        TypeDef withUpdateStrategy = object().field("selector", LABEL_SELECTOR).always("template", POD_TEMPLATE_SPEC)
                .always("updateStrategy", object());
        kind("apps", "StatefulSet", root().always("spec", withUpdateStrategy).always("status", WORKLOAD_STATUS));
        kind("apps", "DaemonSet", root().always("spec", withUpdateStrategy).always("status", WORKLOAD_STATUS));
        kind("batch", "Job", root().always("spec", JOB_SPEC)
                .always("status", object().field("uncountedTerminatedPods", object()
                        .field("succeeded", SET).field("failed", SET))));
        kind("batch", "CronJob", root()
                .always("spec", object().always("jobTemplate", object().always("metadata", OBJECT_META)
                        .always("spec", JOB_SPEC)))
                .always("status", object()));
        kind("coordination.k8s.io", "Lease", root().always("spec", object()));
        for (String binding : new String[]{"RoleBinding", "ClusterRoleBinding"}) {
            kind("rbac.authorization.k8s.io", binding, root().field("roleRef", ATOMIC));
        }
        kind("networking.k8s.io", "Ingress", root().always("spec", object())
                .always("status", object().always("loadBalancer", object())));
        kind("networking.k8s.io", "IngressClass", root().always("spec", object()));
        kind("networking.k8s.io", "NetworkPolicy", root().always("spec", object().field("podSelector", LABEL_SELECTOR)));
        kind("policy", "PodDisruptionBudget", root()
                .always("spec", object().field("selector", LABEL_SELECTOR))
                .always("status", WORKLOAD_STATUS));
        kind("storage.k8s.io", "CSIDriver", root().always("spec", object()));
        kind("storage.k8s.io", "CSINode", root().always("spec", object().field("drivers", listMap("name"))));
        kind("storage.k8s.io", "VolumeAttachment", root().always("spec", object()).always("status", object()));
        kind("certificates.k8s.io", "CertificateSigningRequest", root().always("spec", object())
                .always("status", WORKLOAD_STATUS));
        kind("autoscaling", "HorizontalPodAutoscaler", root()
                .always("spec", object().always("scaleTargetRef", object()))
                .always("status", WORKLOAD_STATUS));
        for (String webhooks : new String[]{"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}) {
            kind("admissionregistration.k8s.io", webhooks, root().field("webhooks", listMap("name")));
        }
        kind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy", root().always("spec", object())
                .always("status", WORKLOAD_STATUS));
        kind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", root().always("spec", object()));
    }

    private static final TypeDef DEFAULT = root();

    /** A top-level object: object metadata plus untyped content. */
    private static TypeDef root() {
        return object().always("metadata", OBJECT_META);
    }

    private static void kind(String group, String kind, TypeDef type) {
        KINDS.put(group + "/" + kind, type);
    }

    /** The type of a whole object of the given kind; kinds without declarations get object metadata only. */
    public static TypeDef forKind(String group, String kind) {
        TypeDef t = KINDS.get(group + "/" + kind);
        return t == null ? DEFAULT : t;
    }
}
