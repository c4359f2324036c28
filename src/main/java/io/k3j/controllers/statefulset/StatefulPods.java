package io.k3j.controllers.statefulset;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.Owners;
import io.k3j.controllers.PodTemplates;
import io.k3j.controllers.Pods;
import io.k3j.controllers.history.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stable identity and storage of a StatefulSet's pods (upstream's stateful_set_utils): names
 * {@code <set>-<ordinal>}, the pod-name and pod-index labels, hostname and subdomain, claims
 * {@code <template>-<set>-<ordinal>} mounted as the templates' volumes, and pod state as the
 * controller judges it. Stateless.
 */
public final class StatefulPods {

    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    private static final Pattern ORDINAL = Pattern.compile("^(.*)-([0-9]+)$");

    private StatefulPods() {
    }

    /** The ordinal in {@code podName} when it is {@code <set>-<n>}, else -1. */
    public static int ordinal(String setName, String podName) {
        Matcher m = ORDINAL.matcher(podName);
        if (!m.matches() || !m.group(1).equals(setName)) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static String podName(ObjectNode set, int ordinal) {
        return Meta.name(set) + "-" + ordinal;
    }

    public static String claimName(String template, ObjectNode set, int ordinal) {
        return template + "-" + podName(set, ordinal);
    }

    /** {@code spec.ordinals.start}, 0 by default. */
    public static int startOrdinal(ObjectNode set) {
        return set.path("spec").path("ordinals").path("start").asInt(0);
    }

    /** The revision name a pod was made from (its controller-revision-hash label). */
    public static String revision(ObjectNode pod) {
        return Meta.labels(pod).getOrDefault(Revisions.HASH_LABEL, "");
    }

    /**
     * A pod of {@code set} with {@code ordinal} from {@code template}: its identity, the set as
     * controller, the claims' volumes and the revision label.
     */
    public static ObjectNode newPod(ObjectNode set, JsonNode template, String revisionName, int ordinal) {
        ObjectNode pod = PodTemplates.podFrom(template, Meta.namespace(set), null,
                Owners.controllerRef(set, "apps/v1", "StatefulSet"));
        String name = podName(set, ordinal);
        ObjectNode meta = Meta.metadata(pod);
        meta.put("name", name);
        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(Revisions.HASH_LABEL, revisionName);
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", name);
        String service = set.path("spec").path("serviceName").asString("");
        if (!service.isEmpty()) {
            spec.put("subdomain", service);
        }
        addClaimVolumes(set, spec, ordinal);
        return pod;
    }

    /** Mounts each claim template as the volume of its name, replacing a template volume of that name. */
    static void addClaimVolumes(ObjectNode set, ObjectNode podSpec, int ordinal) {
        List<ObjectNode> claimVolumes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode claim : set.path("spec").path("volumeClaimTemplates")) {
            String template = claim.path("metadata").path("name").asString("");
            ObjectNode volume = Json.object();
            volume.put("name", template);
            volume.putObject("persistentVolumeClaim").put("claimName", claimName(template, set, ordinal));
            claimVolumes.add(volume);
            names.add(template);
        }
        if (claimVolumes.isEmpty()) {
            return;
        }
        ArrayNode volumes = podSpec.putArray("volumes");
        volumes.addAll(claimVolumes);
        JsonNode previous = set.path("spec").path("template").path("spec").path("volumes");
        for (JsonNode v : previous) {
            if (!names.contains(v.path("name").asString(""))) {
                volumes.add(v.deepCopy());
            }
        }
    }

    /**
     * The claims a pod of {@code set} at {@code ordinal} uses: each template's spec, the template's labels plus
     * the set's selector labels, and an owner reference to the set when whenDeleted is Delete.
     */
    public static List<ObjectNode> claims(ObjectNode set, int ordinal) {
        List<ObjectNode> out = new ArrayList<>();
        boolean deleteWithSet = set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted")
                .asString("Retain").equals("Delete");
        for (JsonNode template : set.path("spec").path("volumeClaimTemplates")) {
            ObjectNode claim = Json.object();
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            ObjectNode meta = claim.putObject("metadata");
            meta.put("name", claimName(template.path("metadata").path("name").asString(""), set, ordinal));
            meta.put("namespace", Meta.namespace(set));
            ObjectNode labels = meta.putObject("labels");
            JsonNode own = template.path("metadata").path("labels");
            if (own.isObject()) {
                labels.setAll((ObjectNode) own.deepCopy());
            }
            for (var e : set.path("spec").path("selector").path("matchLabels").properties()) {
                labels.set(e.getKey(), e.getValue().deepCopy());
            }
            JsonNode annotations = template.path("metadata").path("annotations");
            if (annotations.isObject()) {
                meta.set("annotations", annotations.deepCopy());
            }
            if (deleteWithSet) {
                meta.putArray("ownerReferences").add(ownerRef(set, "apps/v1", "StatefulSet"));
            }
            JsonNode spec = template.path("spec");
            claim.set("spec", spec.isObject() ? spec.deepCopy() : Json.object());
            out.add(claim);
        }
        return out;
    }

    /** A non-controlling owner reference, as upstream's PVC retention sets on claims. */
    static ObjectNode ownerRef(ObjectNode owner, String apiVersion, String kind) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", Meta.name(owner));
        ref.put("uid", Meta.uid(owner));
        return ref;
    }

    /** The pod's name, namespace, pod-name and pod-index labels are those of {@code ordinal}. */
    public static boolean identityMatches(ObjectNode set, ObjectNode pod, int ordinal) {
        Map<String, String> labels = Meta.labels(pod);
        String name = podName(set, ordinal);
        return Meta.name(pod).equals(name) && Meta.namespace(pod).equals(Meta.namespace(set))
                && name.equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(ordinal).equals(labels.get(POD_INDEX_LABEL));
    }

    /** Phase is set: the API server has the pod (a pod built in memory has none). */
    public static boolean isCreated(ObjectNode pod) {
        return !pod.path("status").path("phase").asString("").isEmpty();
    }

    public static boolean isFailed(ObjectNode pod) {
        return Pods.phase(pod).equals("Failed");
    }

    public static boolean isSucceeded(ObjectNode pod) {
        return Pods.phase(pod).equals("Succeeded");
    }

    public static boolean isTerminating(ObjectNode pod) {
        return Meta.isDeleting(pod);
    }

    public static boolean isRunningAndReady(ObjectNode pod) {
        return Pods.phase(pod).equals("Running") && Pods.isReady(pod);
    }

    public static boolean isRunningAndAvailable(ObjectNode pod, int minReadySeconds, Instant now) {
        return Pods.phase(pod).equals("Running") && Pods.isAvailable(pod, minReadySeconds, now);
    }

    /** Running, ready and not terminating (upstream's isHealthy). */
    public static boolean isHealthy(ObjectNode pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }
}
