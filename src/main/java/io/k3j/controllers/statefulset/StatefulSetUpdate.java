package io.k3j.controllers.statefulset;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pass of upstream's updateStatefulSet over a set and its pods: replaces failed and finished
 * pods, creates missing ordinals and deletes ordinals beyond {@code replicas} (OrderedReady: one
 * at a time, lowest first up and highest first down, each waiting for the previous to be Running,
 * Ready and available for minReadySeconds; Parallel: all at once), then rolls pods at or above the
 * partition to the update revision, highest ordinal first, one at a time. Writes go through a
 * {@link PodControl}; the result is the status to report. Not thread-safe; one instance per sync.
 */
public final class StatefulSetUpdate {

    /** The revisions a sync works with: names, and the templates they restore. */
    public record Revs(String current, JsonNode currentTemplate, String update, JsonNode updateTemplate,
                       int collisionCount) {
    }

    /** The status to write, and how long to wait before looking again for minReadySeconds (null: no need). */
    public record Result(ObjectNode status, Duration requeueAfter) {
    }

    private final ObjectNode set;
    private final Revs revs;
    private final Instant now;
    private final PodControl control;
    private final int minReady;
    private final boolean monotonic;
    private Duration requeue;

    public StatefulSetUpdate(ObjectNode set, Revs revs, Instant now, PodControl control) {
        this.set = set;
        this.revs = revs;
        this.now = now;
        this.control = control;
        this.minReady = set.path("spec").path("minReadySeconds").asInt(0);
        this.monotonic = !set.path("spec").path("podManagementPolicy").asString("OrderedReady").equals("Parallel");
    }

    public Result run(List<ObjectNode> pods) {
        int replicaCount = set.path("spec").path("replicas").asInt(1);
        int start = StatefulPods.startOrdinal(set);
        ObjectNode[] replicas = new ObjectNode[replicaCount];
        List<ObjectNode> condemned = new ArrayList<>();
        for (ObjectNode pod : pods) {
            int ord = StatefulPods.ordinal(Meta.name(set), Meta.name(pod));
            if (ord >= start && ord < start + replicaCount) {
                replicas[ord - start] = pod;
            } else if (ord >= 0) {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt((ObjectNode p) -> StatefulPods.ordinal(Meta.name(set), Meta.name(p)))
                .reversed());
        ObjectNode status = status(pods);
        if (Meta.isDeleting(set)) {
            return new Result(status, null);
        }
        for (int i = 0; i < replicaCount; i++) {
            if (replicas[i] == null) {
                replicas[i] = newVersionedPod(start + i);
            }
        }
        ObjectNode firstUnhealthy = null;
        for (ObjectNode pod : replicas) {
            if (firstUnhealthy == null && !StatefulPods.isHealthy(pod)) {
                firstUnhealthy = pod;
            }
        }
        for (ObjectNode pod : condemned) {
            if (firstUnhealthy == null && !StatefulPods.isHealthy(pod)) {
                firstUnhealthy = pod;
            }
        }
        if (!processReplicas(replicas, start) || !processCondemned(condemned, firstUnhealthy)) {
            return new Result(status, requeue);
        }
        if (set.path("spec").path("updateStrategy").path("type").asString("RollingUpdate").equals("RollingUpdate")) {
            rollingUpdate(replicas);
        }
        return new Result(status, requeue);
    }

    /** False when an ordered set must wait. */
    private boolean processReplicas(ObjectNode[] replicas, int start) {
        for (int i = 0; i < replicas.length; i++) {
            ObjectNode pod = replicas[i];
            if (StatefulPods.isCreated(pod) && (StatefulPods.isFailed(pod) || StatefulPods.isSucceeded(pod))) {
                if (!StatefulPods.isTerminating(pod)) {
                    control.deletePod(set, pod, false);
                }
                if (monotonic) {
                    return false;
                }
                continue;
            }
            if (!StatefulPods.isCreated(pod)) {
                control.createPod(set, pod);
                if (monotonic) {
                    return false;
                }
                continue;
            }
            if (StatefulPods.isTerminating(pod)) {
                if (monotonic) {
                    return false;
                }
                continue;
            }
            if (!StatefulPods.isRunningAndReady(pod) && monotonic) {
                return false;
            }
            if (!StatefulPods.isRunningAndAvailable(pod, minReady, now) && monotonic) {
                waitForAvailability();
                return false;
            }
            if (!StatefulPods.identityMatches(set, pod, start + i)) {
                control.updateIdentity(set, pod, start + i);
            }
        }
        return true;
    }

    private boolean processCondemned(List<ObjectNode> condemned, ObjectNode firstUnhealthy) {
        for (ObjectNode pod : condemned) {
            if (StatefulPods.isTerminating(pod)) {
                if (monotonic) {
                    return false;
                }
                continue;
            }
            if (monotonic && pod != firstUnhealthy && !StatefulPods.isRunningAndReady(pod)) {
                return false;
            }
            if (monotonic && pod != firstUnhealthy && !StatefulPods.isRunningAndAvailable(pod, minReady, now)) {
                waitForAvailability();
                return false;
            }
            control.deletePod(set, pod, true);
            if (monotonic) {
                return false;
            }
        }
        return true;
    }

    private void rollingUpdate(ObjectNode[] replicas) {
        int partition = set.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
        int updateMin = Math.max(0, Math.min(partition, replicas.length));
        for (int target = replicas.length - 1; target >= updateMin; target--) {
            ObjectNode pod = replicas[target];
            if (!StatefulPods.revision(pod).equals(revs.update()) && !StatefulPods.isTerminating(pod)) {
                control.deletePod(set, pod, false);
                return;
            }
            if (!StatefulPods.isHealthy(pod)) {
                return;
            }
        }
    }

    private void waitForAvailability() {
        if (minReady > 0) {
            requeue = Duration.ofSeconds(minReady);
        }
    }

    /**
     * A new pod for {@code ordinal}: below the partition (rolling updates) it is made from the current
     * revision, otherwise from the update revision (upstream's newVersionedStatefulSetPod).
     */
    ObjectNode newVersionedPod(int ordinal) {
        JsonNode strategy = set.path("spec").path("updateStrategy");
        boolean rolling = strategy.path("type").asString("RollingUpdate").equals("RollingUpdate");
        int partition = strategy.path("rollingUpdate").path("partition").asInt(0);
        int index = ordinal - StatefulPods.startOrdinal(set);
        boolean current = rolling && index < partition;
        return current ? StatefulPods.newPod(set, revs.currentTemplate(), revs.current(), ordinal)
                : StatefulPods.newPod(set, revs.updateTemplate(), revs.update(), ordinal);
    }

    /** Upstream's computeReplicaStatus plus revisions, observedGeneration and completeRollingUpdate. */
    ObjectNode status(List<ObjectNode> pods) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (ObjectNode pod : pods) {
            if (StatefulPods.isCreated(pod)) {
                replicas++;
            }
            if (StatefulPods.isRunningAndReady(pod)) {
                ready++;
                if (StatefulPods.isRunningAndAvailable(pod, minReady, now)) {
                    available++;
                }
            }
            if (StatefulPods.isCreated(pod) && !StatefulPods.isTerminating(pod)) {
                String revision = StatefulPods.revision(pod);
                if (revision.equals(revs.current())) {
                    current++;
                }
                if (revision.equals(revs.update())) {
                    updated++;
                }
            }
        }
        if (ready > available && minReady > 0) {
            requeue = Duration.ofSeconds(minReady);
        }
        String currentRevision = revs.current();
        if (set.path("spec").path("updateStrategy").path("type").asString("RollingUpdate").equals("RollingUpdate")
                && updated == replicas && ready == replicas) {
            current = updated;
            currentRevision = revs.update();
        }
        ObjectNode status = Json.object();
        status.put("observedGeneration", set.path("metadata").path("generation").asLong(0));
        status.put("replicas", replicas);
        if (ready > 0) {
            status.put("readyReplicas", ready);
        }
        if (current > 0) {
            status.put("currentReplicas", current);
        }
        if (updated > 0) {
            status.put("updatedReplicas", updated);
        }
        status.put("currentRevision", currentRevision);
        status.put("updateRevision", revs.update());
        status.put("collisionCount", revs.collisionCount());
        status.put("availableReplicas", available);
        return status;
    }
}
