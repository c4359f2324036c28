package io.k3j.controllers.daemon;

import io.k3j.api.Meta;
import io.k3j.controllers.Owners;
import io.k3j.controllers.PodTemplates;
import io.k3j.controllers.history.Revisions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pods of a DaemonSet: how they are made, which revision they run, their order. Stateless. */
public final class DaemonPods {

    /** Upstream's label carrying the DaemonSet's template generation. */
    public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    private DaemonPods() {
    }

    /** The template's pod spec with the automatic DaemonSet tolerations, used to judge nodes. */
    public static ObjectNode podSpec(ObjectNode ds) {
        JsonNode spec = ds.path("spec").path("template").path("spec");
        ObjectNode copy = spec instanceof ObjectNode o ? o.deepCopy() : io.k3j.api.Json.object();
        Tolerations.addDaemonTolerations(copy);
        return copy;
    }

    public static String templateGeneration(ObjectNode ds) {
        return Meta.stringMap(ds, "annotations").get(TEMPLATE_GENERATION_ANNOTATION);
    }

    /** A new pod of {@code ds} for {@code node}, labelled with {@code hash}, pinned to the node by affinity. */
    public static ObjectNode newPod(ObjectNode ds, String node, String hash) {
        ObjectNode pod = PodTemplates.podFrom(ds.path("spec").path("template"), Meta.namespace(ds), Meta.name(ds),
                Owners.controllerRef(ds, "apps/v1", "DaemonSet"));
        ObjectNode meta = Meta.metadata(pod);
        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
        labels.put(Revisions.HASH_LABEL, hash);
        String generation = templateGeneration(ds);
        if (generation != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, generation);
        }
        ObjectNode spec = (ObjectNode) pod.get("spec");
        Tolerations.addDaemonTolerations(spec);
        NodeAffinity.pinToNode(spec, node);
        return pod;
    }

    /** Upstream's IsPodUpdated: the pod carries the current hash, or the current template generation. */
    public static boolean isUpdated(ObjectNode pod, String hash, String generation) {
        var labels = Meta.labels(pod);
        return hash.equals(labels.get(Revisions.HASH_LABEL))
                || (generation != null && generation.equals(labels.get(TEMPLATE_GENERATION_LABEL)));
    }

    static Instant created(ObjectNode pod) {
        String ts = pod.path("metadata").path("creationTimestamp").asString("");
        return ts.isEmpty() ? Instant.MAX : Instant.parse(ts);
    }

    /** Oldest first (then by name), as upstream keeps the oldest of duplicate pods. */
    public static List<ObjectNode> oldestFirst(List<ObjectNode> pods) {
        List<ObjectNode> out = new ArrayList<>(pods);
        out.sort(Comparator.comparing(DaemonPods::created).thenComparing(Meta::name));
        return out;
    }
}
