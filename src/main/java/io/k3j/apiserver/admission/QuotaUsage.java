package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.kinds.PodQos;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an object counts for in a ResourceQuota, as upstream's quota evaluators compute it: the
 * object count {@code count/<resource>[.<group>]} for everything; for pods {@code pods} and their
 * requests and limits (nothing but the count once Succeeded, Failed or past their deletion grace
 * period); for services {@code services}, {@code services.nodeports} and {@code
 * services.loadbalancers}; for claims {@code persistentvolumeclaims} and {@code requests.storage}
 * (also per storage class); the legacy names of ConfigMaps, Secrets, ReplicationControllers and
 * ResourceQuotas. Quota scopes (Terminating, NotTerminating, BestEffort, NotBestEffort,
 * PriorityClass) apply to pods. Stateless.
 */
final class QuotaUsage {

    private static final Set<String> LEGACY_COUNTS = Set.of("configmaps", "secrets", "replicationcontrollers",
            "resourcequotas", "persistentvolumeclaims", "services", "pods");
    private static final Set<String> POD_RESOURCES = Set.of("pods", "cpu", "memory", "ephemeral-storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
            "limits.ephemeral-storage");
    private static final Set<String> COMPUTE = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");
    private static final String CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

    private QuotaUsage() {
    }

    /** The object-count quota name of a resource. */
    static String countName(ResourceType type) {
        return "count/" + type.qualifiedResource();
    }

    /** Whether quota resource {@code name} tracks objects of {@code type}. */
    static boolean tracks(ResourceType type, String name) {
        if (name.equals(countName(type))) {
            return true;
        }
        if (!type.group().isEmpty()) {
            return false;
        }
        return switch (type.resource()) {
            case "pods" -> POD_RESOURCES.contains(name) || name.startsWith("requests.") || name.startsWith("hugepages-");
            case "services" -> name.equals("services") || name.equals("services.nodeports")
                    || name.equals("services.loadbalancers");
            case "persistentvolumeclaims" -> name.equals("persistentvolumeclaims") || name.equals("requests.storage")
                    || name.contains(CLASS_SUFFIX);
            default -> LEGACY_COUNTS.contains(type.resource()) && name.equals(type.resource());
        };
    }

    /** The hard resource names of a quota that track {@code type}, sorted. */
    static List<String> matching(ResourceType type, Iterable<String> hardNames) {
        TreeSet<String> out = new TreeSet<>();
        for (String n : hardNames) {
            if (tracks(type, n)) {
                out.add(n);
            }
        }
        return new ArrayList<>(out);
    }

    /** Everything {@code obj} counts for. */
    static Map<String, Quantity> usage(ResourceType type, ObjectNode obj, Instant now) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        out.put(countName(type), Quantity.ONE);
        if (!type.group().isEmpty()) {
            return out;
        }
        switch (type.resource()) {
            case "pods" -> podUsage(obj, now, out);
            case "services" -> serviceUsage(obj, out);
            case "persistentvolumeclaims" -> claimUsage(obj, out);
            default -> {
                if (LEGACY_COUNTS.contains(type.resource())) {
                    out.put(type.resource(), Quantity.ONE);
                }
            }
        }
        return out;
    }

    private static void podUsage(ObjectNode pod, Instant now, Map<String, Quantity> out) {
        if (!counted(pod, now)) {
            return;
        }
        out.put("pods", Quantity.ONE);
        JsonNode spec = pod.path("spec");
        Map<String, Quantity> requests = ResourceLists.podRequests(spec);
        Map<String, Quantity> limits = ResourceLists.podLimits(spec);
        for (String r : new String[]{"cpu", "memory", "ephemeral-storage"}) {
            if (requests.containsKey(r)) {
                out.put(r, requests.get(r));
                out.put("requests." + r, requests.get(r));
            }
            if (limits.containsKey(r)) {
                out.put("limits." + r, limits.get(r));
            }
        }
        for (Map.Entry<String, Quantity> e : requests.entrySet()) {
            String r = e.getKey();
            if (r.startsWith("hugepages-")) {
                out.put(r, e.getValue());
                out.put("requests." + r, e.getValue());
            } else if (r.contains("/") && !r.startsWith("kubernetes.io/")) {
                out.put("requests." + r, e.getValue());
            }
        }
    }

    /** Whether a pod still counts for compute quota: not terminal, not past its deletion grace period. */
    static boolean counted(ObjectNode pod, Instant now) {
        String phase = pod.path("status").path("phase").asString("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        JsonNode deletion = pod.path("metadata").path("deletionTimestamp");
        JsonNode grace = pod.path("metadata").path("deletionGracePeriodSeconds");
        if (deletion.isString() && grace.canConvertToLong()) {
            try {
                return !now.isAfter(Instant.parse(deletion.asString()).plusSeconds(grace.asLong()));
            } catch (RuntimeException e) {
                return true;
            }
        }
        return true;
    }

    private static void serviceUsage(ObjectNode svc, Map<String, Quantity> out) {
        out.put("services", Quantity.ONE);
        out.put("services.loadbalancers", Quantity.ZERO);
        out.put("services.nodeports", Quantity.ZERO);
        JsonNode spec = svc.path("spec");
        int ports = spec.path("ports").size();
        switch (spec.path("type").asString("ClusterIP")) {
            case "NodePort" -> out.put("services.nodeports", Quantity.of(ports));
            case "LoadBalancer" -> {
                if (spec.path("allocateLoadBalancerNodePorts").isBoolean()
                        && !spec.path("allocateLoadBalancerNodePorts").asBoolean()) {
                    int explicit = 0;
                    for (JsonNode p : spec.path("ports")) {
                        explicit += p.path("nodePort").asInt(0) != 0 ? 1 : 0;
                    }
                    out.put("services.nodeports", Quantity.of(explicit));
                } else {
                    out.put("services.nodeports", Quantity.of(ports));
                }
                out.put("services.loadbalancers", Quantity.ONE);
            }
            default -> {
            }
        }
    }

    private static void claimUsage(ObjectNode pvc, Map<String, Quantity> out) {
        out.put("persistentvolumeclaims", Quantity.ONE);
        String storageClass = pvc.path("spec").path("storageClassName").asString("");
        if (!storageClass.isEmpty()) {
            out.put(storageClass + CLASS_SUFFIX + "persistentvolumeclaims", Quantity.ONE);
        }
        Quantity storage = Quantity.of(pvc.path("spec").path("resources").path("requests").get("storage"));
        if (storage != null) {
            out.put("requests.storage", storage);
            if (!storageClass.isEmpty()) {
                out.put(storageClass + CLASS_SUFFIX + "requests.storage", storage);
            }
        }
    }

    /**
     * Upstream's pod constraint: when a quota tracks cpu or memory requests or limits, every
     * container must state them. Null when satisfied, else upstream's message.
     */
    static String constraints(ResourceType type, ObjectNode obj, List<String> restricted) {
        if (!type.group().isEmpty() || !type.resource().equals("pods")) {
            return null;
        }
        List<String> required = restricted.stream().filter(COMPUTE::contains).toList();
        if (required.isEmpty()) {
            return null;
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : obj.path("spec").path(list)) {
                JsonNode resources = c.path("resources");
                for (String r : required) {
                    boolean set = r.startsWith("limits.")
                            ? resources.path("limits").has(r.substring(7))
                            : resources.path("requests").has(r.startsWith("requests.") ? r.substring(9) : r);
                    if (!set) {
                        missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asString(""));
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        missing.forEach((r, names) -> parts.add(r + " for: " + String.join(",", names)));
        return "must specify " + String.join("; ", parts);
    }

    /** Whether a quota's scopes and scope selector select {@code obj}. */
    static boolean inScope(ObjectNode quota, ResourceType type, ObjectNode obj) {
        JsonNode spec = quota.path("spec");
        List<JsonNode> requirements = new ArrayList<>();
        for (JsonNode s : spec.path("scopes")) {
            requirements.add(io.k3j.api.Json.object().put("scopeName", s.asString("")).put("operator", "Exists"));
        }
        for (JsonNode r : spec.path("scopeSelector").path("matchExpressions")) {
            requirements.add(r);
        }
        if (requirements.isEmpty()) {
            return true;
        }
        if (!type.group().isEmpty() || !type.resource().equals("pods")) {
            return false;
        }
        for (JsonNode r : requirements) {
            if (!scopeMatches(r, obj)) {
                return false;
            }
        }
        return true;
    }

    private static boolean scopeMatches(JsonNode requirement, ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        String scope = requirement.path("scopeName").asString("");
        boolean terminating = spec.path("activeDeadlineSeconds").canConvertToLong()
                && spec.path("activeDeadlineSeconds").asLong() >= 0;
        boolean bestEffort = spec instanceof ObjectNode s && "BestEffort".equals(PodQos.of(s));
        return switch (scope) {
            case "Terminating" -> terminating;
            case "NotTerminating" -> !terminating;
            case "BestEffort" -> bestEffort;
            case "NotBestEffort" -> !bestEffort;
            case "PriorityClass" -> {
                String pc = spec.path("priorityClassName").asString("");
                List<String> values = new ArrayList<>();
                requirement.path("values").forEach(v -> values.add(v.asString("")));
                yield switch (requirement.path("operator").asString("")) {
                    case "In" -> values.contains(pc);
                    case "NotIn" -> !values.contains(pc);
                    case "Exists" -> !pc.isEmpty();
                    case "DoesNotExist" -> pc.isEmpty();
                    default -> false;
                };
            }
            default -> false;
        };
    }
}
