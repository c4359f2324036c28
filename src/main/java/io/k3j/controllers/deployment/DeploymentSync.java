package io.k3j.controllers.deployment;

import static io.k3j.controllers.deployment.DeploymentController.DEPLOYMENTS;
import static io.k3j.controllers.deployment.DeploymentController.REPLICA_SETS;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.Owners;
import io.k3j.controllers.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One sync of one Deployment (upstream's syncDeployment and the rolling, recreate, scaling,
 * status and cleanup code it calls). Holds the Deployment as last written, so later steps of the
 * same sync see the status and annotations earlier steps wrote.
 */
final class DeploymentSync {

    static final String COMPONENT = "deployment-controller";
    private static final String API_VERSION = "apps/v1";

    private final ControllerContext ctx;
    private final RateLimitingQueue<String> queue;
    private final String key;
    private final SharedInformer replicaSets;
    private final SharedInformer pods;
    private final EventRecorder.Recorder events;
    private final Instant now;
    private ObjectNode d;

    DeploymentSync(ControllerContext ctx, RateLimitingQueue<String> queue, String key, ObjectNode d,
                   SharedInformer replicaSets, SharedInformer pods) {
        this.ctx = ctx;
        this.queue = queue;
        this.key = key;
        this.d = d;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.events = ctx.events().forComponent(COMPONENT);
        this.now = ctx.clock().instant();
    }

    private String ns() {
        return Meta.namespace(d);
    }

    private String name() {
        return Meta.name(d);
    }

    private int replicas() {
        return RollingMath.replicas(d);
    }

    void run() {
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(d.path("spec").get("selector"));
        } catch (SelectorException e) {
            return;
        }
        if (selector.isEmpty()) {
            events.warning(d, API_VERSION, "Deployment", "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            long generation = d.path("metadata").path("generation").asLong(0);
            if (d.path("status").path("observedGeneration").asLong(0) < generation) {
                ObjectNode status = status().deepCopy();
                status.put("observedGeneration", generation);
                writeStatus(status);
            }
            return;
        }
        List<ObjectNode> rsList = claimReplicaSets(selector);
        if (Meta.isDeleting(d)) {
            Sets sets = allReplicaSets(rsList, false);
            syncDeploymentStatus(sets);
            return;
        }
        checkPausedConditions();
        if (d.path("spec").path("paused").asBoolean(false)) {
            syncScaling(rsList);
            return;
        }
        if (isScalingEvent(rsList)) {
            syncScaling(rsList);
            return;
        }
        if (RollingMath.isRolling(d)) {
            rolloutRolling(rsList);
        } else {
            rolloutRecreate(rsList);
        }
    }

    private ObjectNode status() {
        return DeploymentStatus.of(d);
    }

    // ---- replica sets ----------------------------------------------------------------------

    /** The replica sets this Deployment controls, after adopting matching orphans and releasing non-matching ones. */
    private List<ObjectNode> claimReplicaSets(LabelSelector selector) {
        List<ObjectNode> owned = new ArrayList<>();
        String uid = Meta.uid(d);
        for (ObjectNode rs : replicaSets.indexer().byIndex(Indexers.NAMESPACE, ns())) {
            Optional<ObjectNode> ref = Owners.controllerOf(rs);
            boolean matches = selector.matches(Meta.labels(rs));
            if (ref.isPresent()) {
                if (!uid.equals(ref.get().path("uid").asString(""))) {
                    continue;
                }
                if (matches) {
                    owned.add(rs.deepCopy());
                } else {
                    patchOwners(rs, uid, false);
                }
            } else if (matches && !Meta.isDeleting(d) && !Meta.isDeleting(rs)) {
                ObjectNode adopted = patchOwners(rs, uid, true);
                if (adopted != null) {
                    owned.add(adopted);
                }
            }
        }
        return owned;
    }

    private ObjectNode patchOwners(ObjectNode rs, String uid, boolean adopt) {
        ArrayNode refs = Json.MAPPER.createArrayNode();
        for (JsonNode r : rs.path("metadata").path("ownerReferences")) {
            if (!r.path("uid").asString("").equals(uid)) {
                refs.add(r.deepCopy());
            }
        }
        if (adopt) {
            refs.add(Owners.controllerRef(d, API_VERSION, "Deployment"));
        }
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        meta.set("ownerReferences", refs);
        meta.put("uid", Meta.uid(rs));
        meta.put("resourceVersion", Meta.resourceVersion(rs));
        try {
            return ctx.client().patch(REPLICA_SETS, ns(), Meta.name(rs), PatchType.MERGE, patch, PatchOptions.none());
        } catch (ApiException e) {
            int code = e.status().code();
            if (code == 404 || code == 409 || code == 422) {
                return null;
            }
            throw e;
        }
    }

    /** The new replica set (null when none matches the template) and the old ones. */
    record Sets(ObjectNode newRs, List<ObjectNode> old) {
        List<ObjectNode> all() {
            List<ObjectNode> all = new ArrayList<>(old);
            if (newRs != null) {
                all.add(newRs);
            }
            return all;
        }
    }

    private static final Comparator<JsonNode> BY_CREATION = Comparator
            .<JsonNode, String>comparing(rs -> rs.path("metadata").path("creationTimestamp").asString(""))
            .thenComparing(rs -> rs.path("metadata").path("name").asString(""));

    /**
     * Finds the new replica set and syncs its revision (upstream's getAllReplicaSetsAndSyncRevision);
     * creates it when {@code create} and none exists.
     */
    private Sets allReplicaSets(List<ObjectNode> rsList, boolean create) {
        List<ObjectNode> sorted = new ArrayList<>(rsList);
        sorted.sort(BY_CREATION);
        ObjectNode existing = null;
        List<ObjectNode> old = new ArrayList<>();
        for (ObjectNode rs : sorted) {
            if (existing == null && PodTemplateHash.equalIgnoringHash(rs.path("spec").path("template"),
                    d.path("spec").path("template"))) {
                existing = rs;
            } else {
                old.add(rs);
            }
        }
        long maxOld = 0;
        for (ObjectNode rs : old) {
            maxOld = Math.max(maxOld, Revisions.revision(rs));
        }
        ObjectNode newRs = newReplicaSet(existing, old, maxOld + 1, create);
        return new Sets(newRs, old);
    }

    private ObjectNode newReplicaSet(ObjectNode existing, List<ObjectNode> old, long newRevision, boolean create) {
        int maxSurge = RollingMath.maxSurge(d);
        if (existing != null) {
            ObjectNode copy = existing.deepCopy();
            boolean changed = Revisions.setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge);
            int minReady = d.path("spec").path("minReadySeconds").asInt(0);
            if (copy.path("spec").path("minReadySeconds").asInt(0) != minReady) {
                ((ObjectNode) copy.get("spec")).put("minReadySeconds", minReady);
                changed = true;
            }
            if (changed) {
                copy = ctx.client().update(REPLICA_SETS, ns(), copy);
            }
            syncDeploymentRevision(Revisions.revision(copy));
            if (hasProgressDeadline() && Conditions.get(status(), Conditions.PROGRESSING) == null) {
                ObjectNode status = status().deepCopy();
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS,
                        "Found new replica set \"" + Meta.name(copy) + "\"", now));
                writeStatus(status);
            }
            return copy;
        }
        if (!create) {
            return null;
        }
        JsonNode collision = status().get("collisionCount");
        Integer collisionCount = collision != null && collision.isIntegralNumber() ? collision.asInt() : null;
        ObjectNode template = d.path("spec").get("template") instanceof ObjectNode t ? t.deepCopy() : Json.object();
        String hash = PodTemplateHash.compute(d.path("spec").path("template"), collisionCount);
        ObjectNode templateMeta = Meta.metadata(template);
        ObjectNode labels = templateMeta.get("labels") instanceof ObjectNode l ? l : templateMeta.putObject("labels");
        labels.put(PodTemplateHash.LABEL, hash);
        ObjectNode selector = d.path("spec").get("selector") instanceof ObjectNode sel ? sel.deepCopy() : Json.object();
        ObjectNode matchLabels = selector.get("matchLabels") instanceof ObjectNode m ? m : selector.putObject("matchLabels");
        matchLabels.put(PodTemplateHash.LABEL, hash);

        ObjectNode rs = Json.object();
        rs.put("apiVersion", API_VERSION);
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", name() + "-" + hash);
        meta.put("namespace", ns());
        meta.set("labels", labels.deepCopy());
        meta.putArray("ownerReferences").add(Owners.controllerRef(d, API_VERSION, "Deployment"));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", 0);
        spec.put("minReadySeconds", d.path("spec").path("minReadySeconds").asInt(0));
        spec.set("selector", selector);
        spec.set("template", template);
        List<ObjectNode> all = new ArrayList<>(old);
        all.add(rs);
        int newReplicas = RollingMath.newReplicaSetReplicas(d, all, rs);
        spec.put("replicas", newReplicas);
        Revisions.setNewReplicaSetAnnotations(d, rs, newRevision, false, maxSurge);

        ObjectNode created;
        try {
            created = ctx.client().create(REPLICA_SETS, ns(), rs);
        } catch (ApiException e) {
            if ("AlreadyExists".equals(e.status().reason())) {
                ObjectNode other = ctx.client().get(REPLICA_SETS, ns(), Meta.name(rs));
                if (Owners.isControlledBy(other, Meta.uid(d)) && PodTemplateHash.equalIgnoringHash(
                        other.path("spec").path("template"), d.path("spec").path("template"))) {
                    return other;
                }
                ObjectNode status = status().deepCopy();
                status.put("collisionCount", collisionCount == null ? 1 : collisionCount + 1);
                writeStatus(status);
                throw new IllegalStateException("hash collision for replica set " + Meta.name(rs));
            }
            if (hasProgressDeadline()) {
                ObjectNode status = status().deepCopy();
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "False", Conditions.FAILED_RS_CREATE,
                        "Failed to create new replica set \"" + Meta.name(rs) + "\": " + e.getMessage(), now));
                writeStatus(status);
            }
            throw e;
        }
        if (newReplicas > 0) {
            events.normal(d, API_VERSION, "Deployment", "ScalingReplicaSet",
                    "Scaled up replica set " + Meta.name(created) + " from 0 to " + newReplicas);
        }
        syncDeploymentRevision(newRevision);
        if (hasProgressDeadline()) {
            ObjectNode status = status().deepCopy();
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_RS_CREATED,
                    "Created new replica set \"" + Meta.name(created) + "\"", now));
            writeStatus(status);
        }
        return created;
    }

    /** Keeps the Deployment's revision annotation equal to its new replica set's. */
    private void syncDeploymentRevision(long revision) {
        if (revision <= 0 || Revisions.revision(d) == revision) {
            return;
        }
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        meta.putObject("annotations").put(Revisions.REVISION, Long.toString(revision));
        meta.put("uid", Meta.uid(d));
        ObjectNode updated = ctx.client().patch(DEPLOYMENTS, ns(), name(), PatchType.MERGE, patch, PatchOptions.none());
        Revisions.annotations(d).put(Revisions.REVISION, Long.toString(revision));
        Meta.metadata(d).put("resourceVersion", Meta.resourceVersion(updated));
    }

    // ---- scaling ---------------------------------------------------------------------------

    /** Whether a replica set's desired-replicas annotation disagrees with spec.replicas (upstream's isScalingEvent). */
    private boolean isScalingEvent(List<ObjectNode> rsList) {
        Sets sets = allReplicaSets(rsList, false);
        for (ObjectNode rs : sets.all()) {
            if (rs.path("spec").path("replicas").asInt(0) <= 0) {
                continue;
            }
            Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
            if (desired != null && desired != replicas()) {
                return true;
            }
        }
        return false;
    }

    /** Scaling without rollout: paused Deployments and replica count changes (upstream's sync). */
    private void syncScaling(List<ObjectNode> rsList) {
        Sets sets = allReplicaSets(rsList, false);
        sets = scale(sets);
        if (d.path("spec").path("paused").asBoolean(false)) {
            cleanup(sets.old());
        }
        syncDeploymentStatus(sets);
    }

    private Sets scale(Sets sets) {
        List<ObjectNode> active = new ArrayList<>();
        for (ObjectNode rs : sets.all()) {
            if (rs.path("spec").path("replicas").asInt(0) > 0) {
                active.add(rs);
            }
        }
        ObjectNode target = null;
        if (active.size() == 1) {
            target = active.get(0);
        } else if (active.isEmpty()) {
            if (sets.newRs() != null) {
                target = sets.newRs();
            } else if (!sets.old().isEmpty()) {
                List<ObjectNode> old = new ArrayList<>(sets.old());
                old.sort(BY_CREATION.reversed());
                target = old.get(0);
            }
        }
        if (target != null) {
            if (target.path("spec").path("replicas").asInt(0) != replicas()) {
                ObjectNode scaled = scaleReplicaSet(target, replicas());
                return replace(sets, target, scaled);
            }
            return sets;
        }
        if (isSaturated(sets.newRs())) {
            for (ObjectNode rs : sets.old()) {
                if (rs.path("spec").path("replicas").asInt(0) > 0) {
                    sets = replace(sets, rs, scaleReplicaSet(rs, 0));
                }
            }
            return sets;
        }
        if (!RollingMath.isRolling(d)) {
            return sets;
        }
        int maxSurge = RollingMath.maxSurge(d);
        int allowed = replicas() > 0 ? replicas() + maxSurge : 0;
        int current = RollingMath.specReplicas(active);
        int toAdd = allowed - current;
        List<ObjectNode> ordered = new ArrayList<>(active);
        Comparator<JsonNode> bySize = Comparator.comparingInt(rs -> -rs.path("spec").path("replicas").asInt(0));
        ordered.sort(toAdd > 0 ? bySize.thenComparing(BY_CREATION.reversed()) : bySize.thenComparing(BY_CREATION));
        int[] sizes = new int[ordered.size()];
        int added = 0;
        int fallbackMax = status().path("replicas").asInt(0);
        for (int i = 0; i < ordered.size(); i++) {
            ObjectNode rs = ordered.get(i);
            int size = rs.path("spec").path("replicas").asInt(0);
            int share = 0;
            if (toAdd != 0) {
                Integer annotated = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
                share = RollingMath.proportion(size, annotated == null ? fallbackMax : annotated, replicas(),
                        replicas() + maxSurge, toAdd, added);
                added += share;
            }
            sizes[i] = size + share;
        }
        if (toAdd != 0 && !ordered.isEmpty()) {
            sizes[0] += toAdd - added;
            sizes[0] = Math.max(sizes[0], 0);
        }
        for (int i = 0; i < ordered.size(); i++) {
            sets = replace(sets, ordered.get(i), scaleReplicaSet(ordered.get(i), Math.max(sizes[i], 0)));
        }
        return sets;
    }

    private boolean isSaturated(ObjectNode newRs) {
        if (newRs == null) {
            return false;
        }
        Integer desired = Revisions.intAnnotation(newRs, Revisions.DESIRED_REPLICAS);
        return newRs.path("spec").path("replicas").asInt(0) == replicas() && desired != null && desired == replicas()
                && newRs.path("status").path("availableReplicas").asInt(0) == replicas();
    }

    private static Sets replace(Sets sets, ObjectNode before, ObjectNode after) {
        if (sets.newRs() == before) {
            return new Sets(after, sets.old());
        }
        List<ObjectNode> old = new ArrayList<>(sets.old());
        int i = old.indexOf(before);
        if (i >= 0) {
            old.set(i, after);
        }
        return new Sets(sets.newRs(), old);
    }

    /** Sets a replica set's size and its replica annotations; records ScalingReplicaSet when the size changes. */
    private ObjectNode scaleReplicaSet(ObjectNode rs, int size) {
        int before = rs.path("spec").path("replicas").asInt(0);
        ObjectNode copy = rs.deepCopy();
        boolean annotations = Revisions.setReplicasAnnotations(copy, replicas(), replicas() + RollingMath.maxSurge(d));
        if (before == size && !annotations) {
            return rs;
        }
        ((ObjectNode) copy.get("spec")).put("replicas", size);
        ObjectNode updated = ctx.client().update(REPLICA_SETS, ns(), copy);
        if (before != size) {
            events.normal(d, API_VERSION, "Deployment", "ScalingReplicaSet", "Scaled " + (size > before ? "up" : "down")
                    + " replica set " + Meta.name(rs) + " from " + before + " to " + size);
        }
        return updated;
    }

    // ---- rolling update --------------------------------------------------------------------

    private void rolloutRolling(List<ObjectNode> rsList) {
        Sets sets = allReplicaSets(rsList, true);
        ObjectNode newRs = sets.newRs();
        int newSize = newRs.path("spec").path("replicas").asInt(0);
        if (newSize != replicas()) {
            int target = newSize > replicas() ? replicas() : RollingMath.newReplicaSetReplicas(d, sets.all(), newRs);
            if (target != newSize) {
                sets = replace(sets, newRs, scaleReplicaSet(newRs, target));
                syncRolloutStatus(sets);
                return;
            }
        }
        Sets after = reconcileOldReplicaSets(sets);
        if (after != sets) {
            syncRolloutStatus(after);
            return;
        }
        if (complete(calculateStatus(sets))) {
            cleanup(sets.old());
        }
        syncRolloutStatus(sets);
    }

    /** Scales old replica sets down as far as maxUnavailable allows; returns {@code sets} itself when nothing changed. */
    private Sets reconcileOldReplicaSets(Sets sets) {
        int oldPods = RollingMath.specReplicas(sets.old());
        if (oldPods == 0) {
            return sets;
        }
        int allPods = RollingMath.specReplicas(sets.all());
        int minAvailable = replicas() - RollingMath.maxUnavailable(d);
        ObjectNode newRs = sets.newRs();
        int newUnavailable = newRs.path("spec").path("replicas").asInt(0)
                - newRs.path("status").path("availableReplicas").asInt(0);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return sets;
        }
        Sets current = sets;
        boolean changed = false;
        // first the old replica sets' unhealthy replicas
        List<ObjectNode> old = new ArrayList<>(current.old());
        old.sort(BY_CREATION);
        int cleaned = 0;
        for (ObjectNode rs : old) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int size = rs.path("spec").path("replicas").asInt(0);
            int unhealthy = size - rs.path("status").path("availableReplicas").asInt(0);
            if (size == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            current = replace(current, rs, scaleReplicaSet(rs, size - down));
            cleaned += down;
            changed = true;
        }
        // then available ones, as long as minAvailable stays available
        int available = 0;
        for (ObjectNode rs : current.all()) {
            available += rs.path("status").path("availableReplicas").asInt(0);
        }
        if (available > minAvailable) {
            int total = Math.min(available - minAvailable, maxScaledDown - cleaned);
            old = new ArrayList<>(current.old());
            old.sort(BY_CREATION);
            int done = 0;
            for (ObjectNode rs : old) {
                if (done >= total) {
                    break;
                }
                int size = rs.path("spec").path("replicas").asInt(0);
                if (size == 0) {
                    continue;
                }
                int down = Math.min(size, total - done);
                current = replace(current, rs, scaleReplicaSet(rs, size - down));
                done += down;
                changed = true;
            }
        }
        return changed ? current : sets;
    }

    // ---- recreate --------------------------------------------------------------------------

    private void rolloutRecreate(List<ObjectNode> rsList) {
        Sets sets = allReplicaSets(rsList, false);
        boolean scaledDown = false;
        for (ObjectNode rs : sets.old()) {
            if (rs.path("spec").path("replicas").asInt(0) != 0) {
                sets = replace(sets, rs, scaleReplicaSet(rs, 0));
                scaledDown = true;
            }
        }
        if (scaledDown) {
            syncRolloutStatus(sets);
            return;
        }
        if (oldPodsRunning(sets)) {
            syncRolloutStatus(sets);
            return;
        }
        if (sets.newRs() == null) {
            sets = allReplicaSets(rsList, true);
        }
        ObjectNode newRs = sets.newRs();
        if (newRs.path("spec").path("replicas").asInt(0) != replicas()) {
            sets = replace(sets, newRs, scaleReplicaSet(newRs, replicas()));
        }
        if (complete(calculateStatus(sets))) {
            cleanup(sets.old());
        }
        syncRolloutStatus(sets);
    }

    private boolean oldPodsRunning(Sets sets) {
        for (ObjectNode rs : sets.old()) {
            if (rs.path("status").path("replicas").asInt(0) > 0) {
                return true;
            }
            for (ObjectNode pod : pods.indexer().byIndex(Indexers.OWNER_UID, Meta.uid(rs))) {
                if (!Pods.isTerminated(pod) && Owners.isControlledBy(pod, Meta.uid(rs))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- history ---------------------------------------------------------------------------

    /** Deletes the oldest empty old replica sets beyond revisionHistoryLimit (upstream's cleanupDeployment). */
    private void cleanup(List<ObjectNode> old) {
        JsonNode limitNode = d.path("spec").get("revisionHistoryLimit");
        if (limitNode == null || !limitNode.isIntegralNumber()) {
            return;
        }
        List<ObjectNode> cleanable = new ArrayList<>();
        for (ObjectNode rs : old) {
            if (!Meta.isDeleting(rs)) {
                cleanable.add(rs);
            }
        }
        int diff = cleanable.size() - limitNode.asInt();
        if (diff <= 0) {
            return;
        }
        cleanable.sort(Comparator.<ObjectNode>comparingLong(Revisions::revision).thenComparing(BY_CREATION));
        for (int i = 0; i < diff; i++) {
            ObjectNode rs = cleanable.get(i);
            if (rs.path("status").path("replicas").asInt(0) != 0 || rs.path("spec").path("replicas").asInt(0) != 0
                    || rs.path("metadata").path("generation").asLong(0) > rs.path("status").path("observedGeneration").asLong(0)) {
                continue;
            }
            try {
                ctx.client().delete(REPLICA_SETS, ns(), Meta.name(rs));
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
    }

    // ---- status (worked out by DeploymentStatus) ----------------------------------------------

    private boolean hasProgressDeadline() {
        return DeploymentStatus.hasProgressDeadline(d);
    }

    private void checkPausedConditions() {
        DeploymentStatus.pausedConditions(d, now).ifPresent(this::writeStatus);
    }

    ObjectNode calculateStatus(Sets sets) {
        return DeploymentStatus.calculate(d, sets, now);
    }

    private boolean complete(JsonNode status) {
        return DeploymentStatus.complete(d, status);
    }

    private void syncDeploymentStatus(Sets sets) {
        ObjectNode status = calculateStatus(sets);
        if (!PodTemplateHash.canonical(status).equals(PodTemplateHash.canonical(status()))) {
            writeStatus(status);
        }
    }

    /** Writes the status with its Progressing condition, or, unchanged, re-queues to notice a deadline. */
    private void syncRolloutStatus(Sets sets) {
        ObjectNode status = DeploymentStatus.withRolloutConditions(d, sets, now);
        if (PodTemplateHash.canonical(status).equals(PodTemplateHash.canonical(status()))) {
            DeploymentStatus.deadlineRecheck(d, status, now).ifPresent(after -> queue.addAfter(key, after));
            return;
        }
        writeStatus(status);
    }

    private void writeStatus(ObjectNode status) {
        ObjectNode copy = d.deepCopy();
        copy.set("status", status);
        d = ctx.client().updateStatus(DEPLOYMENTS, ns(), copy);
    }

}
