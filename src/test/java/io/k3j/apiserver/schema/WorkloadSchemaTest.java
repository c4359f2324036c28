package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workload, policy, autoscaling, events, certificates and non-pod core/v1 schema files. */
class WorkloadSchemaTest {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String BATCH = "io.k8s.api.batch.v1.";

    /** The files checked here. */
    static final List<String> FILES = List.of("meta-v1.types", "core-v1.types", "apps-v1.types", "batch-v1.types",
            "policy-v1.types", "scheduling-v1.types", "autoscaling-v2.types", "events-v1.types",
            "certificates-v1.types");

    /** Types these files refer to that are described in other files. */
    static final Set<String> ASSUMED = Set.of(CORE + "PodTemplateSpec", CORE + "ObjectReference",
            CORE + "LocalObjectReference", CORE + "PersistentVolumeClaim", META + "DeleteOptions");

    /** Kinds the files must describe. */
    static final List<String> KINDS = List.of("apps/v1 Deployment", "apps/v1 ReplicaSet", "apps/v1 StatefulSet",
            "apps/v1 DaemonSet", "apps/v1 ControllerRevision", "batch/v1 Job", "batch/v1 CronJob",
            "policy/v1 PodDisruptionBudget", "policy/v1 Eviction", "scheduling.k8s.io/v1 PriorityClass",
            "autoscaling/v2 HorizontalPodAutoscaler", "autoscaling/v1 Scale", "events.k8s.io/v1 Event",
            "certificates.k8s.io/v1 CertificateSigningRequest");

    static final List<String> CORE_KINDS = List.of("ConfigMap", "Secret", "Namespace", "Service", "ServiceAccount",
            "Endpoints", "Node", "Event", "LimitRange", "ResourceQuota", "ReplicationController", "Binding",
            "ComponentStatus");

    private static SchemaFiles.Parsed parsed;

    /**
     * Reads the files and checks that every reference resolves, as {@link Schema#load(List, Set)} does
     * (that class also loads the whole built-in schema when first used, which needs every file).
     */
    @BeforeAll
    static void load() {
        parsed = SchemaFiles.read(FILES);
        for (TypeSchema t : parsed.types().values()) {
            for (FieldSchema f : t.fields()) {
                ValueType v = f.type();
                while (v instanceof ValueType.ListOf || v instanceof ValueType.MapOf) {
                    v = v instanceof ValueType.ListOf l ? l.items() : ((ValueType.MapOf) v).values();
                }
                if (v instanceof ValueType.Ref r) {
                    assertThat(parsed.types().containsKey(r.name()) || ASSUMED.contains(r.name()))
                            .as(t.name() + "." + f.json() + " refers to " + r.name()).isTrue();
                }
            }
        }
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
    void everyKindResolves() {
        List<String> all = new ArrayList<>(KINDS);
        CORE_KINDS.forEach(k -> all.add("v1 " + k));
        for (String k : all) {
            String[] p = k.split(" ");
            assertThat(kind(p[0], p[1])).as(k).isNotNull();
        }
    }

    @Test
    void everyFieldHasANumberAndADescription() {
        for (TypeSchema t : parsed.types().values()) {
            assertThat(t.description()).as(t.name()).isNotBlank();
            for (FieldSchema f : t.fields()) {
                assertThat(f.proto()).as(t.name() + "." + f.json()).isPositive();
                assertThat(f.description()).as(t.name() + "." + f.json()).isNotBlank();
            }
        }
    }

    @Test
    void deployments() {
        TypeSchema d = type(APPS + "Deployment");
        assertThat(d.field("spec").proto()).isEqualTo(2);
        assertThat(d.field("spec").type()).isEqualTo(new ValueType.Ref(APPS + "DeploymentSpec"));
        TypeSchema spec = type(APPS + "DeploymentSpec");
        FieldSchema replicas = spec.field("replicas");
        assertThat(replicas.proto()).isEqualTo(1);
        assertThat(replicas.pointer()).isTrue();
        assertThat(replicas.type()).isEqualTo(ValueType.Scalar.INT32);
        assertThat(spec.field("strategy").patchStrategy()).isEqualTo("retainKeys");
        assertThat(spec.field("template").type()).isEqualTo(new ValueType.Ref(CORE + "PodTemplateSpec"));
        assertThat(spec.field("template").required()).isTrue();
        assertThat(spec.field("selector").required()).isTrue();
        assertThat(spec.protoField(9).json()).isEqualTo("progressDeadlineSeconds");
        assertThat(spec.field("paused").pointer()).isFalse();
        TypeSchema status = type(APPS + "DeploymentStatus");
        assertThat(status.protoField(7).json()).isEqualTo("readyReplicas");
        FieldSchema conditions = status.field("conditions");
        assertThat(conditions.proto()).isEqualTo(6);
        assertThat(conditions.listType()).isEqualTo("map");
        assertThat(conditions.listMapKeys()).containsExactly("type");
        assertThat(conditions.patchStrategy()).isEqualTo("merge");
        assertThat(conditions.patchMergeKey()).isEqualTo("type");
        TypeSchema condition = type(APPS + "DeploymentCondition");
        assertThat(condition.protoField(6).json()).isEqualTo("lastUpdateTime");
        assertThat(condition.protoField(7).json()).isEqualTo("lastTransitionTime");
        assertThat(type(APPS + "RollingUpdateDeployment").field("maxSurge").type())
                .isEqualTo(ValueType.Special.INT_OR_STRING);
    }

    @Test
    void statefulSetsDaemonSetsAndRevisions() {
        TypeSchema spec = type(APPS + "StatefulSetSpec");
        FieldSchema claims = spec.field("volumeClaimTemplates");
        assertThat(claims.proto()).isEqualTo(4);
        assertThat(claims.listType()).isEqualTo("atomic");
        assertThat(claims.type()).isEqualTo(new ValueType.ListOf(new ValueType.Ref(CORE + "PersistentVolumeClaim")));
        assertThat(spec.field("ordinals").proto()).isEqualTo(11);
        assertThat(spec.field("persistentVolumeClaimRetentionPolicy").proto()).isEqualTo(10);
        TypeSchema status = type(APPS + "StatefulSetStatus");
        assertThat(status.field("collisionCount").proto()).isEqualTo(9);
        assertThat(status.protoField(8)).isNull();
        assertThat(status.field("availableReplicas").proto()).isEqualTo(11);
        assertThat(type(APPS + "RollingUpdateStatefulSetStrategy").field("partition").pointer()).isTrue();
        assertThat(type(APPS + "DaemonSetSpec").field("revisionHistoryLimit").proto()).isEqualTo(6);
        assertThat(type(APPS + "DaemonSetStatus").field("numberReady").required()).isTrue();
        assertThat(type(APPS + "ControllerRevision").field("data").type())
                .isEqualTo(ValueType.Special.RAW_EXTENSION);
        assertThat(type(APPS + "ReplicaSetSpec").field("minReadySeconds").proto()).isEqualTo(4);
    }

    @Test
    void jobsAndCronJobs() {
        TypeSchema spec = type(BATCH + "JobSpec");
        assertThat(spec.field("podFailurePolicy").proto()).isEqualTo(11);
        assertThat(spec.field("successPolicy").proto()).isEqualTo(16);
        assertThat(spec.field("backoffLimitPerIndex").proto()).isEqualTo(12);
        assertThat(spec.field("managedBy").proto()).isEqualTo(15);
        assertThat(spec.field("managedBy").pointer()).isTrue();
        assertThat(spec.field("activeDeadlineSeconds").type()).isEqualTo(ValueType.Scalar.INT64);
        assertThat(spec.field("completionMode").pointer()).isTrue();
        TypeSchema status = type(BATCH + "JobStatus");
        FieldSchema conditions = status.field("conditions");
        assertThat(conditions.listType()).isEqualTo("atomic");
        assertThat(conditions.patchStrategy()).isEqualTo("merge");
        assertThat(conditions.patchMergeKey()).isEqualTo("type");
        assertThat(status.field("terminating").proto()).isEqualTo(11);
        assertThat(status.field("failedIndexes").proto()).isEqualTo(10);
        assertThat(type(BATCH + "UncountedTerminatedPods").field("succeeded").listType()).isEqualTo("set");
        TypeSchema exitCodes = type(BATCH + "PodFailurePolicyOnExitCodesRequirement");
        assertThat(exitCodes.field("values").type()).isEqualTo(new ValueType.ListOf(ValueType.Scalar.INT32));
        assertThat(exitCodes.field("values").listType()).isEqualTo("set");
        assertThat(exitCodes.field("containerName").pointer()).isTrue();
        TypeSchema cron = type(BATCH + "CronJobSpec");
        assertThat(cron.field("timeZone").proto()).isEqualTo(8);
        assertThat(cron.field("jobTemplate").required()).isTrue();
        assertThat(type(BATCH + "CronJobStatus").field("lastScheduleTime").proto()).isEqualTo(4);
    }

    @Test
    void policySchedulingAutoscalingEventsCertificates() {
        TypeSchema pdb = type("io.k8s.api.policy.v1.PodDisruptionBudgetSpec");
        assertThat(pdb.field("selector").patchStrategy()).isEqualTo("replace");
        assertThat(pdb.field("maxUnavailable").proto()).isEqualTo(3);
        assertThat(type("io.k8s.api.policy.v1.PodDisruptionBudgetStatus").field("disruptedPods").type())
                .isEqualTo(new ValueType.MapOf(ValueType.Special.TIME));
        assertThat(type("io.k8s.api.policy.v1.Eviction").field("deleteOptions").type())
                .isEqualTo(new ValueType.Ref(META + "DeleteOptions"));
        assertThat(type("io.k8s.api.scheduling.v1.PriorityClass").field("preemptionPolicy").proto()).isEqualTo(5);

        String as = "io.k8s.api.autoscaling.v2.";
        TypeSchema hpa = type(as + "HorizontalPodAutoscalerSpec");
        assertThat(hpa.field("maxReplicas").required()).isTrue();
        assertThat(hpa.field("metrics").listType()).isEqualTo("atomic");
        assertThat(type(as + "MetricSpec").field("containerResource").proto()).isEqualTo(7);
        TypeSchema rules = type(as + "HPAScalingRules");
        assertThat(rules.field("stabilizationWindowSeconds").proto()).isEqualTo(3);
        assertThat(rules.field("selectPolicy").proto()).isEqualTo(1);
        assertThat(type(as + "HorizontalPodAutoscalerStatus").field("observedGeneration").pointer()).isTrue();
        assertThat(type("io.k8s.api.autoscaling.v1.ScaleStatus").field("selector").proto()).isEqualTo(2);

        TypeSchema event = type("io.k8s.api.events.v1.Event");
        assertThat(event.field("eventTime").type()).isEqualTo(ValueType.Special.MICRO_TIME);
        assertThat(event.field("deprecatedSource").type()).isEqualTo(new ValueType.Ref(CORE + "EventSource"));
        assertThat(event.field("deprecatedCount").proto()).isEqualTo(15);

        String cert = "io.k8s.api.certificates.v1.";
        TypeSchema csr = type(cert + "CertificateSigningRequestSpec");
        assertThat(csr.field("request").type()).isEqualTo(ValueType.Scalar.BYTES);
        assertThat(csr.field("signerName").proto()).isEqualTo(7);
        assertThat(csr.field("extra").type()).isEqualTo(new ValueType.MapOf(new ValueType.Ref(cert + "ExtraValue")));
        assertThat(type(cert + "ExtraValue").field("items").proto()).isEqualTo(1);
        TypeSchema condition = type(cert + "CertificateSigningRequestCondition");
        assertThat(condition.field("status").proto()).isEqualTo(6);
        assertThat(condition.field("reason").proto()).isEqualTo(2);
    }

    @Test
    void coreConfigAndIdentityKinds() {
        TypeSchema cm = type(CORE + "ConfigMap");
        assertThat(cm.field("binaryData").type()).isEqualTo(new ValueType.MapOf(ValueType.Scalar.BYTES));
        assertThat(cm.field("binaryData").proto()).isEqualTo(3);
        assertThat(cm.field("data").type()).isEqualTo(new ValueType.MapOf(ValueType.Scalar.STRING));
        assertThat(cm.field("immutable").proto()).isEqualTo(4);
        assertThat(cm.field("immutable").pointer()).isTrue();
        TypeSchema secret = type(CORE + "Secret");
        assertThat(secret.field("data").type()).isEqualTo(new ValueType.MapOf(ValueType.Scalar.BYTES));
        assertThat(secret.field("stringData").proto()).isEqualTo(4);
        assertThat(secret.field("type").proto()).isEqualTo(3);
        assertThat(secret.field("immutable").proto()).isEqualTo(5);
        assertThat(kind("v1", "Namespace")).isSameAs(type(CORE + "Namespace"));
        assertThat(type(CORE + "NamespaceCondition").protoField(3)).isNull();
        FieldSchema secrets = type(CORE + "ServiceAccount").field("secrets");
        assertThat(secrets.listType()).isEqualTo("map");
        assertThat(secrets.listMapKeys()).containsExactly("name");
        assertThat(secrets.patchMergeKey()).isEqualTo("name");
        assertThat(secrets.type()).isEqualTo(new ValueType.ListOf(new ValueType.Ref(CORE + "ObjectReference")));
    }

    @Test
    void services() {
        TypeSchema spec = type(CORE + "ServiceSpec");
        FieldSchema ports = spec.field("ports");
        assertThat(ports.proto()).isEqualTo(1);
        assertThat(ports.patchStrategy()).isEqualTo("merge");
        assertThat(ports.patchMergeKey()).isEqualTo("port");
        assertThat(ports.listType()).isEqualTo("map");
        assertThat(ports.listMapKeys()).containsExactly("port", "protocol");
        assertThat(spec.field("clusterIPs").proto()).isEqualTo(18);
        assertThat(spec.field("ipFamilyPolicy").proto()).isEqualTo(17);
        assertThat(spec.field("ipFamilyPolicy").pointer()).isTrue();
        assertThat(spec.field("ipFamilies").proto()).isEqualTo(19);
        assertThat(spec.field("trafficDistribution").proto()).isEqualTo(23);
        assertThat(spec.protoField(15)).isNull();
        assertThat(spec.protoField(16)).isNull();
        TypeSchema port = type(CORE + "ServicePort");
        assertThat(port.field("port").required()).isTrue();
        assertThat(port.field("appProtocol").proto()).isEqualTo(6);
        assertThat(port.field("targetPort").type()).isEqualTo(ValueType.Special.INT_OR_STRING);
        assertThat(type(CORE + "LoadBalancerIngress").field("ports").proto()).isEqualTo(4);
        assertThat(type(CORE + "ServiceStatus").field("conditions").type())
                .isEqualTo(new ValueType.ListOf(new ValueType.Ref(META + "Condition")));
        assertThat(type(CORE + "EndpointAddress").atomic()).isTrue();
        assertThat(type(CORE + "EndpointAddress").field("nodeName").proto()).isEqualTo(4);
        assertThat(type(CORE + "EndpointPort").atomic()).isTrue();
        assertThat(type(CORE + "Endpoints").field("subsets").listType()).isEqualTo("atomic");
    }

    @Test
    void nodes() {
        TypeSchema spec = type(CORE + "NodeSpec");
        FieldSchema cidrs = spec.field("podCIDRs");
        assertThat(cidrs.proto()).isEqualTo(7);
        assertThat(cidrs.listType()).isEqualTo("set");
        assertThat(cidrs.patchStrategy()).isEqualTo("merge");
        assertThat(spec.field("externalID").proto()).isEqualTo(2);
        assertThat(type(CORE + "Taint").field("timeAdded").proto()).isEqualTo(4);
        TypeSchema status = type(CORE + "NodeStatus");
        assertThat(status.field("capacity").type()).isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        FieldSchema addresses = status.field("addresses");
        assertThat(addresses.patchMergeKey()).isEqualTo("type");
        assertThat(addresses.listMapKeys()).containsExactly("type");
        assertThat(status.field("runtimeHandlers").proto()).isEqualTo(12);
        assertThat(status.field("features").proto()).isEqualTo(13);
        assertThat(type(CORE + "DaemonEndpoint").field("Port").proto()).isEqualTo(1);
        assertThat(type(CORE + "NodeSystemInfo").field("architecture").proto()).isEqualTo(10);
        assertThat(type(CORE + "NodeConfigSource").field("configMap").proto()).isEqualTo(2);
        assertThat(type(CORE + "NodeCondition").field("lastHeartbeatTime").proto()).isEqualTo(3);
    }

    @Test
    void eventsQuotasAndControllers() {
        TypeSchema event = type(CORE + "Event");
        assertThat(event.field("involvedObject").required()).isTrue();
        assertThat(event.field("reportingComponent").proto()).isEqualTo(14);
        assertThat(event.field("eventTime").type()).isEqualTo(ValueType.Special.MICRO_TIME);
        assertThat(type(CORE + "LimitRangeItem").field("maxLimitRequestRatio").proto()).isEqualTo(6);
        assertThat(type(CORE + "LimitRangeSpec").field("limits").listType()).isEqualTo("atomic");
        assertThat(type(CORE + "ScopeSelector").atomic()).isTrue();
        assertThat(type(CORE + "ResourceQuotaStatus").field("used").type())
                .isEqualTo(new ValueType.MapOf(ValueType.Special.QUANTITY));
        TypeSchema rc = type(CORE + "ReplicationControllerSpec");
        assertThat(rc.field("minReadySeconds").proto()).isEqualTo(4);
        assertThat(rc.field("template").type()).isEqualTo(new ValueType.Ref(CORE + "PodTemplateSpec"));
        assertThat(type(CORE + "ReplicationControllerStatus").field("conditions").proto()).isEqualTo(6);
        assertThat(type(CORE + "Binding").field("target").required()).isTrue();
        assertThat(type(CORE + "ComponentStatus").field("conditions").listMapKeys()).containsExactly("type");
    }
}
