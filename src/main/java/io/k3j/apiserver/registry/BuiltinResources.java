package io.k3j.apiserver.registry;

import io.k3j.apiserver.registry.kinds.ConfigMapStrategy;
import io.k3j.apiserver.registry.kinds.CronJobStrategy;
import io.k3j.apiserver.registry.kinds.DaemonSetStrategy;
import io.k3j.apiserver.registry.kinds.DeploymentStrategy;
import io.k3j.apiserver.registry.kinds.JobStrategy;
import io.k3j.apiserver.registry.kinds.PodStrategy;
import io.k3j.apiserver.registry.kinds.ReplicaSetStrategy;
import io.k3j.apiserver.registry.kinds.ReplicationControllerStrategy;
import io.k3j.apiserver.registry.kinds.SecretStrategy;
import io.k3j.apiserver.registry.kinds.ServiceStrategy;
import io.k3j.apiserver.registry.kinds.StatefulSetStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The built-in resources k3j serves, with upstream's names, scopes, short names and subresources. */
public final class BuiltinResources {

    private BuiltinResources() {
    }

    private static final List<String> ALL = List.of("all");

    private static final Set<String> BUILTIN = all().stream().map(t -> t.group() + "/" + t.resource())
            .collect(Collectors.toUnmodifiableSet());

    /** Whether {@code type} is one of the resources above rather than a custom resource. */
    public static boolean isBuiltin(ResourceType type) {
        return BUILTIN.contains(type.group() + "/" + type.resource());
    }

    public static List<ResourceType> all() {
        List<ResourceType> r = new ArrayList<>();
        // core/v1
        r.add(new ResourceType("", "v1", "namespaces", "Namespace", "namespace", false, List.of("ns"), List.of(),
                Set.of("status", "finalize"), new NamespaceStrategy()));
        r.add(with(t("", "v1", "pods", "Pod", true, List.of("po"), ALL, "status", "binding", "eviction"),
                new PodStrategy()));
        r.add(with(t("", "v1", "services", "Service", true, List.of("svc"), ALL, "status"), new ServiceStrategy()));
        r.add(t("", "v1", "endpoints", "Endpoints", true, List.of("ep"), List.of()));
        r.add(with(t("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()), new ConfigMapStrategy()));
        r.add(with(t("", "v1", "secrets", "Secret", true, List.of(), List.of()), new SecretStrategy()));
        r.add(with(t("", "v1", "nodes", "Node", false, List.of("no"), List.of(), "status"),
                new SelectableFieldsStrategy(List.of("spec.unschedulable"))));
        r.add(with(t("", "v1", "events", "Event", true, List.of("ev"), List.of()),
                new SelectableFieldsStrategy(List.of("involvedObject.kind", "involvedObject.namespace",
                        "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
                        "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
                        "source", "type"))));
        r.add(t("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), "token"));
        r.add(with(t("", "v1", "limitranges", "LimitRange", true, List.of("limits"), List.of()),
                new io.k3j.apiserver.registry.kinds.LimitRangeStrategy()));
        r.add(t("", "v1", "resourcequotas", "ResourceQuota", true, List.of("quota"), List.of(), "status"));
        r.add(t("", "v1", "persistentvolumes", "PersistentVolume", false, List.of("pv"), List.of(), "status"));
        r.add(t("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), "status"));
        r.add(t("", "v1", "podtemplates", "PodTemplate", true, List.of(), List.of()));
        r.add(with(t("", "v1", "replicationcontrollers", "ReplicationController", true, List.of("rc"), ALL, "status",
                "scale"), new ReplicationControllerStrategy()));
        // apps/v1
        r.add(with(t("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), ALL, "status", "scale"),
                new DeploymentStrategy()));
        r.add(with(t("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), ALL, "status", "scale"),
                new ReplicaSetStrategy()));
        r.add(with(t("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), ALL, "status", "scale"),
                new StatefulSetStrategy()));
        r.add(with(t("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), ALL, "status"),
                new DaemonSetStrategy()));
        r.add(t("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of(), List.of()));
        // batch/v1
        r.add(with(t("batch", "v1", "jobs", "Job", true, List.of(), ALL, "status"), new JobStrategy()));
        r.add(with(t("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), ALL, "status"), new CronJobStrategy()));
        // coordination, discovery
        r.add(t("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()));
        r.add(t("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, List.of(), List.of()));
        // rbac
        for (String[] rbac : new String[][]{{"roles", "Role", "true"}, {"rolebindings", "RoleBinding", "true"},
            {"clusterroles", "ClusterRole", "false"}, {"clusterrolebindings", "ClusterRoleBinding", "false"}}) {
            r.add(new ResourceType("rbac.authorization.k8s.io", "v1", rbac[0], rbac[1],
                    rbac[1].toLowerCase(java.util.Locale.ROOT), Boolean.parseBoolean(rbac[2]), List.of(), List.of(),
                    Set.of(), PathSegmentNames.STRATEGY));
        }
        // networking
        r.add(t("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), List.of(), "status"));
        r.add(t("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, List.of(), List.of()));
        r.add(t("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), List.of()));
        // policy, storage, scheduling, node
        r.add(t("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(), "status"));
        r.add(t("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, List.of("sc"), List.of()));
        r.add(t("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false, List.of(), List.of()));
        r.add(t("storage.k8s.io", "v1", "csinodes", "CSINode", false, List.of(), List.of()));
        r.add(t("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false, List.of(), List.of(), "status"));
        r.add(t("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"), List.of()));
        r.add(t("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", false, List.of(), List.of()));
        // events, certificates, autoscaling, admission
        r.add(t("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of()));
        r.add(with(t("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false,
                List.of("csr"), List.of(), "status", "approval"),
                new SelectableFieldsStrategy(List.of("spec.signerName"))));
        r.add(t("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"),
                ALL, "status"));
        r.add(new ResourceType("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                "customresourcedefinition", false, List.of("crd", "crds"), List.of("api-extensions"), Set.of("status"),
                new io.k3j.apiserver.apiextensions.CustomResourceDefinitionStrategy()));
        r.add(t("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                "MutatingWebhookConfiguration", false, List.of(), List.of()));
        r.add(t("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
                "ValidatingWebhookConfiguration", false, List.of(), List.of()));
        r.add(t("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies",
                "ValidatingAdmissionPolicy", false, List.of(), List.of(), "status"));
        r.add(t("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings",
                "ValidatingAdmissionPolicyBinding", false, List.of(), List.of()));
        return r;
    }

    private static ResourceType t(String group, String version, String resource, String kind, boolean namespaced,
                                  List<String> shortNames, List<String> categories, String... subresources) {
        return new ResourceType(group, version, resource, kind, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
                shortNames, categories, Set.of(subresources), Strategy.DEFAULT);
    }

    /** The same resource type with a kind-specific strategy. */
    private static ResourceType with(ResourceType t, Strategy strategy) {
        return new ResourceType(t.group(), t.version(), t.resource(), t.kind(), t.singular(), t.namespaced(),
                t.shortNames(), t.categories(), t.subresources(), strategy);
    }
}
