package io.k3j.apiserver.schema;

import static io.k3j.apiserver.schema.TypeDef.ATOMIC;
import static io.k3j.apiserver.schema.TypeDef.LIST_ATOMIC;
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
 * list is atomic and every other object granular.
 *
 * <p>The same table carries the strategic-merge-patch tags of k8s.io/api
 * ({@code patchStrategy}, {@code patchMergeKey}): {@link #merged} marks lists merged by a key (or
 * sets of scalars merged as sets), {@code retainKeys} the objects whose clients send
 * {@code $retainKeys}. One table for field ownership, strategic merge and OpenAPI later.
 */
public final class BuiltinTypes {

    private BuiltinTypes() {
    }

    public static final TypeDef OBJECT_META = object()
            .alwaysNull("creationTimestamp")
            .field("managedFields", TypeDef.IGNORED)
            .field("finalizers", merged(SET, null))
            .field("ownerReferences", merged(listMap("uid"), "uid"));

    /** A metav1.LabelSelector: atomic wherever it appears. */
    public static final TypeDef LABEL_SELECTOR = ATOMIC;

    /** Conditions keyed by type, merged by type in strategic merge patches. */
    private static final TypeDef CONDITIONS = merged(listMap("type"), "type");

    /** Conditions keyed by type that strategic merge patches replace (no patch tags upstream). */
    private static final TypeDef UNTAGGED_CONDITIONS = listMap("type");

    public static final TypeDef CONTAINER = object()
            .field("ports", merged(listMap(TypeDef.UNTYPED, List.of("containerPort", "protocol"),
                    Map.of("protocol", "TCP")), "containerPort"))
            .field("env", merged(listMap("name"), "name"))
            .field("volumeMounts", merged(listMap("mountPath"), "mountPath"))
            .field("volumeDevices", merged(listMap("devicePath"), "devicePath"))
            .field("resources", object().field("claims", listMap("name")));

    public static final TypeDef POD_SPEC = object()
            .always("containers", merged(listMap(CONTAINER, "name"), "name"))
            .field("initContainers", merged(listMap(CONTAINER, "name"), "name"))
            .field("ephemeralContainers", merged(listMap(CONTAINER, "name"), "name"))
            .field("volumes", listMap("name").patch("merge,retainKeys", "name"))
            .field("imagePullSecrets", merged(listMap("name"), "name"))
            .field("hostAliases", merged(listMap("ip"), "ip"))
            .field("topologySpreadConstraints", merged(listMap(object().field("labelSelector", LABEL_SELECTOR),
                    "topologyKey", "whenUnsatisfiable"), "topologyKey"))
            .field("resourceClaims", listMap("name").patch("merge,retainKeys", "name"))
            .field("schedulingGates", merged(listMap("name"), "name"))
            .field("nodeSelector", ATOMIC)
            .field("affinity", object().field("nodeAffinity", object()
                    .field("requiredDuringSchedulingIgnoredDuringExecution", ATOMIC)));

    public static final TypeDef POD_STATUS = object()
            .field("conditions", CONDITIONS)
            .field("podIPs", merged(listMap("ip"), "ip"))
            .field("hostIPs", merged(LIST_ATOMIC, "ip"))
            .field("resourceClaimStatuses", listMap("name").patch("merge,retainKeys", "name"));

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
                        .field("ports", merged(listMap(TypeDef.UNTYPED, List.of("port", "protocol"),
                                Map.of("protocol", "TCP")), "port"))
                        .field("selector", ATOMIC))
                .always("status", object().always("loadBalancer", object()).field("conditions", CONDITIONS)));
        kind("", "Namespace", root().always("spec", object()).always("status", WORKLOAD_STATUS));
        kind("", "Node", root()
                .always("spec", object().field("podCIDRs", merged(SET, null)))
                .always("status", object()
                        .field("conditions", CONDITIONS)
                        .field("addresses", merged(listMap("type"), "type"))
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
                        .always("strategy", object().patch("retainKeys", null)))
                .always("status", WORKLOAD_STATUS));
        kind("apps", "ReplicaSet", root()
                .always("spec", object().field("selector", LABEL_SELECTOR).always("template", POD_TEMPLATE_SPEC))
                .always("status", WORKLOAD_STATUS));
        TypeDef withUpdateStrategy = object().field("selector", LABEL_SELECTOR).always("template", POD_TEMPLATE_SPEC)
                .always("updateStrategy", object());
        kind("apps", "StatefulSet", root().always("spec", withUpdateStrategy).always("status", WORKLOAD_STATUS));
        kind("apps", "DaemonSet", root().always("spec", withUpdateStrategy).always("status", WORKLOAD_STATUS));
        kind("batch", "Job", root().always("spec", JOB_SPEC)
                .always("status", object().field("conditions", merged(LIST_ATOMIC, "type"))
                        .field("uncountedTerminatedPods", object()
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
        kind("storage.k8s.io", "CSINode", root().always("spec", object()
                .field("drivers", merged(listMap("name"), "name"))));
        kind("storage.k8s.io", "VolumeAttachment", root().always("spec", object()).always("status", object()));
        kind("certificates.k8s.io", "CertificateSigningRequest", root().always("spec", object())
                .always("status", object().field("conditions", UNTAGGED_CONDITIONS)));
        kind("autoscaling", "HorizontalPodAutoscaler", root()
                .always("spec", object().always("scaleTargetRef", object()))
                .always("status", WORKLOAD_STATUS));
        for (String webhooks : new String[]{"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}) {
            kind("admissionregistration.k8s.io", webhooks, root().field("webhooks", merged(listMap("name"), "name")));
        }
        kind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy", root().always("spec", object())
                .always("status", object().field("conditions", UNTAGGED_CONDITIONS)));
        kind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", root().always("spec", object()));
    }

    private static final TypeDef DEFAULT = root();

    /** {@code list} merged in strategic merge patches, by {@code key} (null for scalars). */
    private static TypeDef merged(TypeDef list, String key) {
        return list.patch("merge", key);
    }

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
