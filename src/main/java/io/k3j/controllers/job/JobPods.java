package io.k3j.controllers.job;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.Owners;
import io.k3j.controllers.PodTemplates;
import io.k3j.controllers.Pods;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The pods of a Job: how they are made from its template, and how the controller judges them. */
public final class JobPods {

    /** Held by every pod the controller creates until the pod's end is counted in the job's status. */
    public static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {
    }

    public static boolean indexed(JsonNode job) {
        return "Indexed".equals(job.path("spec").path("completionMode").asString("NonIndexed"));
    }

    /**
     * A new pod for {@code job}: the template with the tracking finalizer and a controller
     * reference; for Indexed jobs (index >= 0) the completion index as annotation, label and
     * {@code JOB_COMPLETION_INDEX} environment variable, hostname {@code <job>-<index>} unless the
     * template sets one, and generateName {@code <job>-<index>-}.
     */
    public static ObjectNode newPod(ObjectNode job, int index) {
        JsonNode template = job.path("spec").path("template");
        String prefix = index >= 0 ? Meta.name(job) + "-" + index : Meta.name(job);
        ObjectNode pod = PodTemplates.podFrom(template, Meta.namespace(job), prefix,
                Owners.controllerRef(job, "batch/v1", "Job"));
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        ArrayNode finalizers = meta.get("finalizers") instanceof ArrayNode a ? a : meta.putArray("finalizers");
        finalizers.add(TRACKING_FINALIZER);
        if (index >= 0) {
            String value = Integer.toString(index);
            object(meta, "annotations").put(COMPLETION_INDEX, value);
            object(meta, "labels").put(COMPLETION_INDEX, value);
            ObjectNode spec = (ObjectNode) pod.get("spec");
            if (spec.path("hostname").asString("").isEmpty()) {
                spec.put("hostname", prefix);
            }
            for (String list : new String[] {"initContainers", "containers"}) {
                for (JsonNode c : spec.path(list)) {
                    addIndexEnv((ObjectNode) c);
                }
            }
        }
        return pod;
    }

    private static void addIndexEnv(ObjectNode container) {
        ArrayNode env = container.get("env") instanceof ArrayNode a ? a : container.putArray("env");
        for (JsonNode e : env) {
            if (INDEX_ENV.equals(e.path("name").asString(""))) {
                return;
            }
        }
        ObjectNode var = env.addObject();
        var.put("name", INDEX_ENV);
        var.putObject("valueFrom").putObject("fieldRef").put("fieldPath",
                "metadata.annotations['" + COMPLETION_INDEX + "']");
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** The pod's completion index, or -1 when it has none or it is not a number. */
    public static int index(ObjectNode pod) {
        String v = pod.path("metadata").path("annotations").path(COMPLETION_INDEX).asString("");
        if (v.isEmpty()) {
            v = pod.path("metadata").path("labels").path(COMPLETION_INDEX).asString("");
        }
        try {
            int i = Integer.parseInt(v);
            return i >= 0 ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static boolean hasTrackingFinalizer(ObjectNode pod) {
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (TRACKING_FINALIZER.equals(f.asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** The pod's finalizers without the tracking one. */
    static ArrayNode finalizersWithoutTracking(ObjectNode pod) {
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (!TRACKING_FINALIZER.equals(f.asString(""))) {
                kept.add(f);
            }
        }
        return kept;
    }

    /**
     * Whether the pod counts as failed: phase Failed, or (with podReplacementPolicy other than
     * Failed) being deleted before it succeeded, as upstream counts orphaned deleted pods.
     */
    public static boolean isFailed(ObjectNode pod, JsonNode job) {
        if ("Failed".equals(Pods.phase(pod))) {
            return true;
        }
        if ("Failed".equals(job.path("spec").path("podReplacementPolicy").asString(""))) {
            return false;
        }
        return Meta.isDeleting(pod) && !"Succeeded".equals(Pods.phase(pod));
    }

    /** Being deleted and not yet terminated (upstream's terminating pods). */
    public static boolean isTerminating(ObjectNode pod) {
        return Meta.isDeleting(pod) && !Pods.isTerminated(pod);
    }

    /** When the pod ended: its containers' latest finishedAt, else its deletion time; null when unknown. */
    public static Instant finishedAt(ObjectNode pod) {
        Instant latest = null;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            String t = cs.path("state").path("terminated").path("finishedAt").asString("");
            Instant i = instant(t);
            if (i != null) {
                latest = latest == null || i.isAfter(latest) ? i : latest;
            }
        }
        return latest != null ? latest : instant(pod.path("metadata").path("deletionTimestamp").asString(""));
    }

    /** An RFC 3339 time, or null when empty or unreadable (a kubelet may write anything there). */
    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
