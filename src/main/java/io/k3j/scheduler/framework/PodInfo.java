package io.k3j.scheduler.framework;

import io.k3j.api.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod as the scheduler sees it, parsed once from its JSON: identity, priority, what it asks
 * for (requests as upstream computes them: containers plus sidecars, at least each init
 * container, plus overhead; and the non-zero requests scoring uses) and its placement rules
 * (node selector and affinity, tolerations, pod (anti-)affinity, topology spread, host ports).
 * Immutable; shares {@link #object} with the informer cache, which must not be modified.
 */
public final class PodInfo {

    /** Upstream's defaults for containers without a request, used only for scoring. */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    public final ObjectNode object;
    public final String namespace;
    public final String name;
    public final String uid;
    public final String key;
    public final Map<String, String> labels;
    public final int priority;
    public final String creationTimestamp;
    public final String schedulerName;
    public final String nodeName;
    public final String nominatedNodeName;
    public final boolean deleting;
    public final boolean terminal;
    public final boolean gated;
    public final boolean preemptNever;
    public final Resources requests;
    public final long nonZeroMilliCpu;
    public final long nonZeroMemory;
    public final List<HostPort> hostPorts;
    public final List<Toleration> tolerations;
    public final Map<String, String> nodeSelector;
    public final NodeSelector requiredNodeAffinity;
    public final List<NodeSelector.Term> preferredNodeAffinity;
    public final List<Integer> preferredNodeAffinityWeights;
    public final List<AffinityTerm> requiredAffinity;
    public final List<AffinityTerm> requiredAntiAffinity;
    public final List<AffinityTerm> preferredAffinity;
    public final List<AffinityTerm> preferredAntiAffinity;
    public final List<SpreadConstraint> spreadConstraints;

    public PodInfo(ObjectNode pod) {
        this.object = pod;
        this.namespace = Meta.namespace(pod) == null ? "" : Meta.namespace(pod);
        this.name = Meta.name(pod) == null ? "" : Meta.name(pod);
        this.uid = Meta.uid(pod) == null ? namespace + "/" + name : Meta.uid(pod);
        this.key = namespace + "/" + name;
        this.labels = Meta.labels(pod);
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        this.priority = spec.path("priority").asInt(0);
        this.creationTimestamp = pod.path("metadata").path("creationTimestamp").asString("");
        this.schedulerName = spec.path("schedulerName").asString("");
        this.nodeName = spec.path("nodeName").asString("");
        this.nominatedNodeName = status.path("nominatedNodeName").asString("");
        this.deleting = Meta.isDeleting(pod);
        String phase = status.path("phase").asString("");
        this.terminal = phase.equals("Succeeded") || phase.equals("Failed");
        this.gated = spec.path("schedulingGates").isArray() && !spec.path("schedulingGates").isEmpty();
        this.preemptNever = spec.path("preemptionPolicy").asString("").equals("Never");

        Resources sum = new Resources();
        long[] nonZero = new long[2];
        List<HostPort> ports = new ArrayList<>();
        for (JsonNode c : spec.path("containers")) {
            JsonNode req = c.path("resources").path("requests");
            sum.add(req);
            nonZero[0] += req.has("cpu") ? Quantities.milli(req.get("cpu")) : DEFAULT_MILLI_CPU;
            nonZero[1] += req.has("memory") ? Quantities.value(req.get("memory")) : DEFAULT_MEMORY;
            ports(c, ports);
        }
        Resources sidecars = new Resources();
        Resources initMax = new Resources();
        for (JsonNode c : spec.path("initContainers")) {
            Resources r = Resources.of(c.path("resources").path("requests"));
            if (c.path("restartPolicy").asString("").equals("Always")) {
                sidecars.add(r, 1);
                initMax.max(sidecars);
                ports(c, ports);
            } else {
                Resources withSidecars = r.copy();
                withSidecars.add(sidecars, 1);
                initMax.max(withSidecars);
            }
        }
        sum.add(sidecars, 1);
        sum.max(initMax);
        JsonNode overhead = spec.path("overhead");
        if (overhead.isObject()) {
            sum.add(overhead);
            nonZero[0] += Quantities.milli(overhead.path("cpu"));
            nonZero[1] += Quantities.value(overhead.path("memory"));
        }
        sum.pods = 1;
        this.requests = sum;
        this.nonZeroMilliCpu = Math.max(nonZero[0], sum.milliCpu);
        this.nonZeroMemory = Math.max(nonZero[1], sum.memory);
        this.hostPorts = List.copyOf(ports);
        this.tolerations = Toleration.listOf(spec.path("tolerations"));
        this.nodeSelector = strings(spec.path("nodeSelector"));
        JsonNode affinity = spec.path("affinity");
        JsonNode nodeAffinity = affinity.path("nodeAffinity");
        JsonNode required = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution");
        this.requiredNodeAffinity = required.isObject() ? NodeSelector.of(required) : null;
        List<NodeSelector.Term> preferred = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (JsonNode p : nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
            preferred.add(NodeSelector.Term.of(p.path("preference")));
            weights.add(p.path("weight").asInt(0));
        }
        this.preferredNodeAffinity = List.copyOf(preferred);
        this.preferredNodeAffinityWeights = List.copyOf(weights);
        JsonNode pa = affinity.path("podAffinity");
        JsonNode paa = affinity.path("podAntiAffinity");
        this.requiredAffinity = AffinityTerm.required(pa.path("requiredDuringSchedulingIgnoredDuringExecution"),
                namespace);
        this.requiredAntiAffinity = AffinityTerm.required(paa.path("requiredDuringSchedulingIgnoredDuringExecution"),
                namespace);
        this.preferredAffinity = AffinityTerm.preferred(pa.path("preferredDuringSchedulingIgnoredDuringExecution"),
                namespace);
        this.preferredAntiAffinity = AffinityTerm.preferred(
                paa.path("preferredDuringSchedulingIgnoredDuringExecution"), namespace);
        this.spreadConstraints = SpreadConstraint.listOf(spec.path("topologySpreadConstraints"), labels);
    }

    private static Map<String, String> strings(JsonNode m) {
        if (!m.isObject() || m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            out.put(e.getKey(), e.getValue().asString(""));
        }
        return out;
    }

    private static void ports(JsonNode container, List<HostPort> out) {
        for (JsonNode p : container.path("ports")) {
            int hostPort = p.path("hostPort").asInt(0);
            if (hostPort <= 0) {
                continue;
            }
            String ip = p.path("hostIP").asString("");
            out.add(new HostPort(ip.isEmpty() ? "0.0.0.0" : ip, p.path("protocol").asString("TCP"), hostPort));
        }
    }

    /** Whether the default scheduler is responsible for this pod. */
    public boolean forDefaultScheduler() {
        return schedulerName.isEmpty() || schedulerName.equals("default-scheduler");
    }

    /** Assigned to a node (spec.nodeName set). */
    public boolean assigned() {
        return !nodeName.isEmpty();
    }

    public boolean hasPodAffinity() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
    }

    @Override
    public String toString() {
        return key;
    }
}
