package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.kinds.LimitRangeStrategy;
import io.k3j.apiserver.registry.kinds.PodQos;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's LimitRanger: a new pod's containers and init containers get the default requests
 * and limits of the Container items of the namespace's LimitRanges (recorded in the
 * {@code kubernetes.io/limit-ranger} annotation), then pods and PersistentVolumeClaims are held
 * to the items' min, max and maxLimitRequestRatio (Container, Pod and PersistentVolumeClaim
 * items), with upstream's 403 messages. Pod updates are not checked (containers' resources are
 * immutable). Thread-safe.
 */
public final class LimitRanger implements AdmissionPlugin {

    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final GenericStore limitRanges;

    public LimitRanger(GenericStore limitRanges) {
        this.limitRanges = limitRanges;
    }

    @Override
    public String name() {
        return "LimitRanger";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && (type.resource().equals("pods")
                || type.resource().equals("persistentvolumeclaims"));
    }

    private boolean handles(Admission.Attributes a) {
        if (a.object() == null || a.oldObject() != null && io.k3j.api.Meta.isDeleting(a.oldObject())) {
            return false;
        }
        return a.isCore("pods") ? a.isCreate() : a.isCore("persistentvolumeclaims") && (a.isCreate() || a.isUpdate());
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!handles(a) || !a.isCore("pods")) {
            return;
        }
        ObjectNode spec = a.object().get("spec") instanceof ObjectNode s ? s : null;
        if (spec == null) {
            return;
        }
        boolean changed = false;
        for (ObjectNode lr : ranges(a.namespace())) {
            changed |= applyDefaults(a.object(), spec, lr);
        }
        if (changed && a.object().get("status") instanceof ObjectNode status && status.has("qosClass")) {
            status.put("qosClass", PodQos.of(spec));
        }
    }

    @Override
    public void validate(Admission.Attributes a) {
        if (!handles(a)) {
            return;
        }
        for (ObjectNode lr : ranges(a.namespace())) {
            List<String> errors = a.isCore("pods") ? validatePod(a.object(), lr) : validateClaim(a.object(), lr);
            if (!errors.isEmpty()) {
                throw AdmissionPlugin.forbidden(a, aggregate(errors));
            }
        }
    }

    /** The namespace's LimitRanges with their items defaulted (copies). */
    private List<ObjectNode> ranges(String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode lr : Lookups.list(limitRanges, namespace)) {
            ObjectNode copy = lr.deepCopy();
            LimitRangeStrategy.defaults(copy);
            out.add(copy);
        }
        return out;
    }

    /** Upstream's error aggregate: one message as is, several in brackets. */
    static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]";
    }

    // ------------------------------------------------------------------ defaults

    static boolean applyDefaults(ObjectNode pod, ObjectNode spec, ObjectNode limitRange) {
        Map<String, JsonNode> requests = new LinkedHashMap<>();
        Map<String, JsonNode> limits = new LinkedHashMap<>();
        for (JsonNode item : items(limitRange)) {
            if ("Container".equals(item.path("type").asString(""))) {
                putAll(requests, item.get("defaultRequest"));
                putAll(limits, item.get("default"));
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return false;
        }
        List<String> notes = new ArrayList<>();
        merge(spec.get("containers"), "container", requests, limits, notes);
        merge(spec.get("initContainers"), "init container", requests, limits, notes);
        if (notes.isEmpty()) {
            return false;
        }
        ObjectNode meta = io.k3j.api.Meta.metadata(pod);
        ObjectNode annotations = meta.get("annotations") instanceof ObjectNode an ? an : meta.putObject("annotations");
        annotations.put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        return true;
    }

    private static void merge(JsonNode containers, String what, Map<String, JsonNode> requests,
                              Map<String, JsonNode> limits, List<String> notes) {
        if (containers == null || !containers.isArray()) {
            return;
        }
        for (JsonNode c : containers) {
            if (!(c instanceof ObjectNode container)) {
                continue;
            }
            ObjectNode resources = container.get("resources") instanceof ObjectNode r ? r
                    : container.putObject("resources");
            List<String> setLimits = fill(resources, "limits", limits);
            List<String> setRequests = fill(resources, "requests", requests);
            String name = container.path("name").asString("");
            if (!setRequests.isEmpty()) {
                notes.add(String.join(", ", setRequests) + " request for " + what + " " + name);
            }
            if (!setLimits.isEmpty()) {
                notes.add(String.join(", ", setLimits) + " limit for " + what + " " + name);
            }
        }
    }

    private static List<String> fill(ObjectNode resources, String field, Map<String, JsonNode> defaults) {
        List<String> set = new ArrayList<>();
        if (defaults.isEmpty()) {
            return set;
        }
        ObjectNode list = resources.get(field) instanceof ObjectNode l ? l : resources.putObject(field);
        for (Map.Entry<String, JsonNode> e : defaults.entrySet()) {
            if (!list.has(e.getKey())) {
                list.set(e.getKey(), e.getValue().deepCopy());
                set.add(e.getKey());
            }
        }
        Collections.sort(set);
        return set;
    }

    // ------------------------------------------------------------------ constraints

    static List<String> validatePod(ObjectNode pod, ObjectNode limitRange) {
        List<String> errors = new ArrayList<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode item : items(limitRange)) {
            String type = item.path("type").asString("");
            if (type.equals("Container")) {
                for (String list : new String[]{"containers", "initContainers"}) {
                    for (JsonNode c : spec.path(list)) {
                        Map<String, Quantity> req = ResourceLists.of(c.path("resources").get("requests"));
                        Map<String, Quantity> lim = ResourceLists.of(c.path("resources").get("limits"));
                        check(errors, type, item, req, lim);
                    }
                }
            } else if (type.equals("Pod")) {
                check(errors, type, item, ResourceLists.podRequests(spec), ResourceLists.podLimits(spec));
            }
        }
        return errors;
    }

    private static void check(List<String> errors, String type, JsonNode item, Map<String, Quantity> req,
                              Map<String, Quantity> lim) {
        for (Map.Entry<String, Quantity> e : ResourceLists.of(item.get("min")).entrySet()) {
            addIfNotNull(errors, min(type, e.getKey(), e.getValue(), req, lim));
        }
        for (Map.Entry<String, Quantity> e : ResourceLists.of(item.get("max")).entrySet()) {
            addIfNotNull(errors, max(type, e.getKey(), e.getValue(), req, lim));
        }
        for (Map.Entry<String, Quantity> e : ResourceLists.of(item.get("maxLimitRequestRatio")).entrySet()) {
            addIfNotNull(errors, ratio(type, e.getKey(), e.getValue(), req, lim));
        }
    }

    static List<String> validateClaim(ObjectNode pvc, ObjectNode limitRange) {
        List<String> errors = new ArrayList<>();
        Map<String, Quantity> req = ResourceLists.of(pvc.path("spec").path("resources").get("requests"));
        for (JsonNode item : items(limitRange)) {
            String type = item.path("type").asString("");
            if (!type.equals("PersistentVolumeClaim")) {
                continue;
            }
            for (Map.Entry<String, Quantity> e : ResourceLists.of(item.get("min")).entrySet()) {
                addIfNotNull(errors, min(type, e.getKey(), e.getValue(), req, Map.of()));
            }
            for (Map.Entry<String, Quantity> e : ResourceLists.of(item.get("max")).entrySet()) {
                Quantity r = req.get(e.getKey());
                if (r == null) {
                    errors.add("maximum " + e.getKey() + " usage per " + type + " is " + e.getValue()
                            + ".  No request is specified");
                } else if (r.compareTo(e.getValue()) > 0) {
                    errors.add("maximum " + e.getKey() + " usage per " + type + " is " + e.getValue()
                            + ", but request is " + r);
                }
            }
        }
        return errors;
    }

    private static String min(String type, String resource, Quantity enforced, Map<String, Quantity> req,
                              Map<String, Quantity> lim) {
        Quantity r = req.get(resource);
        Quantity l = lim.get(resource);
        String prefix = "minimum " + resource + " usage per " + type + " is " + enforced;
        if (r == null) {
            return prefix + ".  No request is specified";
        } else if (r.compareTo(enforced) < 0) {
            return prefix + ", but request is " + r;
        } else if (l != null && l.compareTo(enforced) < 0) {
            return prefix + ", but limit is " + l;
        }
        return null;
    }

    private static String max(String type, String resource, Quantity enforced, Map<String, Quantity> req,
                              Map<String, Quantity> lim) {
        Quantity r = req.get(resource);
        Quantity l = lim.get(resource);
        String prefix = "maximum " + resource + " usage per " + type + " is " + enforced;
        if (l == null) {
            return prefix + ".  No limit is specified";
        } else if (l.compareTo(enforced) > 0) {
            return prefix + ", but limit is " + l;
        } else if (r != null && r.compareTo(enforced) > 0) {
            return prefix + ", but request is " + r;
        }
        return null;
    }

    private static String ratio(String type, String resource, Quantity enforced, Map<String, Quantity> req,
                                Map<String, Quantity> lim) {
        Quantity r = req.get(resource);
        Quantity l = lim.get(resource);
        String prefix = resource + " max limit to request ratio per " + type + " is " + enforced;
        if (r == null || r.isZero()) {
            return prefix + ", but no request is specified or request is 0";
        }
        if (l == null || l.isZero()) {
            return prefix + ", but no limit is specified or limit is 0";
        }
        double observed = l.value().doubleValue() / r.value().doubleValue();
        if (l.value().compareTo(r.value().multiply(enforced.value())) > 0) {
            return prefix + ", but provided ratio is " + String.format(Locale.ROOT, "%f", observed);
        }
        return null;
    }

    private static void addIfNotNull(List<String> errors, String error) {
        if (error != null) {
            errors.add(error);
        }
    }

    private static Iterable<JsonNode> items(ObjectNode limitRange) {
        return limitRange.path("spec").path("limits");
    }

    private static void putAll(Map<String, JsonNode> into, JsonNode from) {
        if (from != null && from.isObject()) {
            for (Map.Entry<String, JsonNode> e : from.properties()) {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}
