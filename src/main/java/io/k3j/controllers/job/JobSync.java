package io.k3j.controllers.job;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexer;
import io.k3j.client.informer.Indexers;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.Expectations;
import io.k3j.controllers.Owners;
import io.k3j.controllers.Pods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Job's reconciliation (upstream's syncJob). Pod ends are counted in three steps so that the
 * counts survive pod deletion: the pod's uid is first written to status.uncountedTerminatedPods,
 * then the pod's tracking finalizer is removed, then the uid moves into status.succeeded/failed.
 * Every status write carries the resourceVersion read, so a stale cache ends in a conflict and a
 * retry rather than a double count. Idempotent; safe for concurrent keys, not for one key.
 */
final class JobSync {

    static final Resource JOBS = Resource.of("batch", "v1", "jobs");
    static final Resource PODS = Resource.core("pods");
    /** Upstream's MaxPodCreateDeletePerSync. */
    static final int MAX_PER_SYNC = 500;

    private final ApiClient client;
    private final Indexer jobs;
    private final Indexer pods;
    private final EventRecorder.Recorder events;
    private final Clock clock;
    private final Expectations expectations;
    private final BiConsumer<String, Duration> requeueAfter;
    /** Pods whose tracking finalizer this controller removed, until the cache shows it (finalizer expectations). */
    private final Set<String> released = ConcurrentHashMap.newKeySet();

    JobSync(ApiClient client, Indexer jobs, Indexer pods, EventRecorder.Recorder events, Clock clock,
            Expectations expectations, BiConsumer<String, Duration> requeueAfter) {
        this.client = client;
        this.jobs = jobs;
        this.pods = pods;
        this.events = events;
        this.clock = clock;
        this.expectations = expectations;
        this.requeueAfter = requeueAfter;
    }

    /** The cache shows {@code pod} without the tracking finalizer, or gone: forget that we released it. */
    void podSettled(ObjectNode pod, boolean gone) {
        if (gone || !JobPods.hasTrackingFinalizer(pod)) {
            released.remove(Meta.uid(pod));
        }
    }

    void sync(String key) {
        Optional<ObjectNode> cached = jobs.get(key);
        if (cached.isEmpty()) {
            expectations.delete(key);
            releaseOrphans(key);
            return;
        }
        ObjectNode job = cached.get();
        String uid = Meta.uid(job);
        List<ObjectNode> owned = new ArrayList<>();
        for (ObjectNode p : pods.byIndex(Indexers.OWNER_UID, uid)) {
            if (Owners.isControlledBy(p, uid)) {
                owned.add(p);
            }
        }
        if (JobConditions.finished(job) || Meta.isDeleting(job)) {
            for (ObjectNode p : owned) {
                if (JobPods.hasTrackingFinalizer(p) && !released.contains(Meta.uid(p))) {
                    release(p);
                }
            }
            return;
        }
        if (!expectations.satisfied(key)) {
            return;
        }
        new Run(key, job, owned).run();
    }

    /** Removes the tracking finalizer from pods whose Job is gone. */
    private void releaseOrphans(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        for (ObjectNode p : pods.byIndex(Indexers.NAMESPACE, ns)) {
            Optional<ObjectNode> ref = Owners.controllerOf(p);
            if (ref.isPresent() && "Job".equals(ref.get().path("kind").asString(""))
                    && name.equals(ref.get().path("name").asString("")) && JobPods.hasTrackingFinalizer(p)
                    && !released.contains(Meta.uid(p))) {
                release(p);
            }
        }
    }

    /** Removes the tracking finalizer (a JSON patch that tests it is still where it was); false on a conflict. */
    private boolean release(ObjectNode pod) {
        ArrayNode finalizers = (ArrayNode) pod.path("metadata").path("finalizers");
        int at = -1;
        for (int i = 0; i < finalizers.size(); i++) {
            if (JobPods.TRACKING_FINALIZER.equals(finalizers.get(i).asString(""))) {
                at = i;
            }
        }
        if (at < 0) {
            return true;
        }
        ArrayNode patch = Json.MAPPER.createArrayNode();
        patch.addObject().put("op", "test").put("path", "/metadata/uid").put("value", Meta.uid(pod));
        patch.addObject().put("op", "test").put("path", "/metadata/finalizers/" + at)
                .put("value", JobPods.TRACKING_FINALIZER);
        // the last finalizer takes the list with it, as an empty list is not kept by upstream's API either
        patch.addObject().put("op", "remove").put("path",
                finalizers.size() == 1 ? "/metadata/finalizers" : "/metadata/finalizers/" + at);
        try {
            client.patch(PODS, Meta.namespace(pod), Meta.name(pod), PatchType.JSON, patch, PatchOptions.none());
        } catch (ApiException e) {
            int code = e.status().code();
            if (code != 404 && code != 422 && code != 409) {
                throw e;
            }
            if (code != 404) {
                return false; // the cache was stale; the next event brings the pod back
            }
        }
        released.add(Meta.uid(pod));
        return true;
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The state of one sync of one job. */
    private final class Run {
        private final String key;
        private ObjectNode job;
        private final List<ObjectNode> owned;
        private final Instant now = clock.instant();
        private final boolean indexed;
        private final Integer completions;
        private final boolean suspended;
        private ObjectNode status;
        private final Set<String> uncountedSucceeded = new LinkedHashSet<>();
        private final Set<String> uncountedFailed = new LinkedHashSet<>();
        private final TreeSet<Integer> completed;
        private boolean retry;

        Run(String key, ObjectNode job, List<ObjectNode> owned) {
            this.key = key;
            this.job = job;
            this.owned = owned;
            this.indexed = JobPods.indexed(job);
            this.completions = JobMath.completions(job);
            this.suspended = job.path("spec").path("suspend").asBoolean(false);
            this.status = job.get("status") instanceof ObjectNode s ? s.deepCopy() : Json.object();
            JsonNode u = status.path("uncountedTerminatedPods");
            u.path("succeeded").forEach(n -> uncountedSucceeded.add(n.asString("")));
            u.path("failed").forEach(n -> uncountedFailed.add(n.asString("")));
            this.completed = indexed && completions != null
                    ? Indexes.parse(status.path("completedIndexes").asString(""), completions) : new TreeSet<>();
        }

        void run() {
            List<ObjectNode> toRelease = recordFinishedPods();
            Set<String> releasedNow = new java.util.HashSet<>();
            for (ObjectNode p : toRelease) {
                if (release(p)) {
                    releasedNow.add(Meta.uid(p));
                } else {
                    retry = true;
                }
            }
            moveCounted(releasedNow);
            decide();
            writeStatus();
            if (retry) {
                throw new IllegalStateException("job " + key + ": some pods could not be updated; retrying");
            }
        }

        /** Step one: uids of newly ended pods go to uncountedTerminatedPods; returns the pods to release. */
        private List<ObjectNode> recordFinishedPods() {
            List<ObjectNode> toRelease = new ArrayList<>();
            boolean changed = false;
            for (ObjectNode p : owned) {
                String puid = Meta.uid(p);
                if (!JobPods.hasTrackingFinalizer(p) || released.contains(puid)) {
                    continue;
                }
                if (uncountedSucceeded.contains(puid) || uncountedFailed.contains(puid)) {
                    toRelease.add(p);
                } else if ("Succeeded".equals(Pods.phase(p))) {
                    toRelease.add(p);
                    if (indexed) {
                        int ix = JobPods.index(p);
                        if (completions == null || ix < 0 || ix >= completions || !completed.add(ix)) {
                            continue; // a duplicate or stray index: released, not counted
                        }
                    }
                    uncountedSucceeded.add(puid);
                    changed = true;
                } else if (JobPods.isFailed(p, job)) {
                    toRelease.add(p);
                    if (suspended && !"Failed".equals(Pods.phase(p))) {
                        continue; // deleted because the job was suspended: not a failure
                    }
                    uncountedFailed.add(puid);
                    changed = true;
                }
            }
            if (changed) {
                putCounts();
                ObjectNode copy = job.deepCopy();
                copy.set("status", status);
                job = client.updateStatus(JOBS, Meta.namespace(job), copy);
                status = job.get("status") instanceof ObjectNode s ? s.deepCopy() : Json.object();
            }
            return toRelease;
        }

        /** Step three: uids whose pods no longer hold the finalizer move into the counters. */
        private void moveCounted(Set<String> releasedNow) {
            Set<String> holding = new java.util.HashSet<>();
            for (ObjectNode p : owned) {
                String puid = Meta.uid(p);
                if (JobPods.hasTrackingFinalizer(p) && !released.contains(puid) && !releasedNow.contains(puid)) {
                    holding.add(puid);
                }
            }
            int succeeded = status.path("succeeded").asInt(0);
            int failed = status.path("failed").asInt(0);
            for (var it = uncountedSucceeded.iterator(); it.hasNext(); ) {
                if (!holding.contains(it.next())) {
                    it.remove();
                    succeeded++;
                }
            }
            for (var it = uncountedFailed.iterator(); it.hasNext(); ) {
                if (!holding.contains(it.next())) {
                    it.remove();
                    failed++;
                }
            }
            putInt("succeeded", succeeded);
            putInt("failed", failed);
        }

        private int succeededTotal() {
            return status.path("succeeded").asInt(0) + uncountedSucceeded.size();
        }

        private int failedTotal() {
            return status.path("failed").asInt(0) + uncountedFailed.size();
        }

        private void decide() {
            List<ObjectNode> active = new ArrayList<>(owned.stream().filter(Pods::isActive).toList());
            int terminating = (int) owned.stream().filter(JobPods::isTerminating).count();
            String nowText = time(now);
            String[] interim = interimCondition(active.size());
            if (interim != null) {
                JobConditions.set(status, interim[0], "True", interim[1], interim[2], nowText);
                terminating += deletePods(active, active.size());
                active.clear();
                boolean settled = terminating == 0 && uncountedSucceeded.isEmpty() && uncountedFailed.isEmpty()
                        && owned.stream().noneMatch(p -> JobPods.hasTrackingFinalizer(p)
                        && !released.contains(Meta.uid(p)));
                if (settled) {
                    finish(interim, nowText);
                }
                putActive(0, 0, terminating);
                return;
            }
            if (suspended) {
                terminating += deletePods(active, active.size());
                if (JobConditions.set(status, JobConditions.SUSPENDED, "True", JobConditions.JOB_SUSPENDED,
                        "Job suspended", nowText)) {
                    events.normal(job, "batch/v1", "Job", "Suspended", "Job suspended");
                }
                putActive(0, 0, terminating);
                return;
            }
            if (JobConditions.isTrue(status, JobConditions.SUSPENDED)) {
                JobConditions.set(status, JobConditions.SUSPENDED, "False", JobConditions.JOB_RESUMED, "Job resumed",
                        nowText);
                status.put("startTime", nowText);
                events.normal(job, "batch/v1", "Job", "Resumed", "Job resumed");
            }
            if (status.path("startTime").asString("").isEmpty()) {
                status.put("startTime", nowText);
            }
            int[] delta = indexed ? manageIndexed(active) : manageNonIndexed(active);
            int ready = (int) active.stream().filter(Pods::isReady).count();
            putActive(active.size() + delta[0] - delta[1], ready, terminating + delta[1]);
            ObjectNode withStart = job.deepCopy();
            withStart.set("status", status);
            Instant deadline = JobMath.deadline(withStart);
            if (deadline != null) {
                requeueAfter.accept(key, Duration.between(now, deadline).plusMillis(100));
            }
        }

        /** {type, reason, message} of the FailureTarget or SuccessCriteriaMet condition that holds or now applies. */
        private String[] interimCondition(int active) {
            for (String type : new String[] {JobConditions.FAILURE_TARGET, JobConditions.SUCCESS_CRITERIA_MET}) {
                ObjectNode c = JobConditions.find(status, type);
                if (c != null && "True".equals(c.path("status").asString(""))) {
                    return new String[] {type, c.path("reason").asString(""), c.path("message").asString("")};
                }
            }
            if (JobMath.backoffLimitExceeded(job, failedTotal())) {
                return new String[] {JobConditions.FAILURE_TARGET, JobConditions.BACKOFF_LIMIT_EXCEEDED,
                    JobConditions.BACKOFF_LIMIT_EXCEEDED_MESSAGE};
            }
            Instant deadline = JobMath.deadline(job);
            if (!suspended && deadline != null && !now.isBefore(deadline)) {
                return new String[] {JobConditions.FAILURE_TARGET, JobConditions.DEADLINE_EXCEEDED,
                    JobConditions.DEADLINE_EXCEEDED_MESSAGE};
            }
            boolean complete = indexed
                    ? completions != null && completed.size() >= completions
                    : JobMath.complete(job, succeededTotal(), active);
            if (complete) {
                return new String[] {JobConditions.SUCCESS_CRITERIA_MET, JobConditions.COMPLETIONS_REACHED,
                    JobConditions.COMPLETIONS_REACHED_MESSAGE};
            }
            return null;
        }

        /** All pods are gone and counted: the terminal condition, completionTime and the event. */
        private void finish(String[] interim, String nowText) {
            if (JobConditions.SUCCESS_CRITERIA_MET.equals(interim[0])) {
                JobConditions.set(status, JobConditions.COMPLETE, "True", interim[1], interim[2], nowText);
                status.put("completionTime", nowText);
                events.normal(job, "batch/v1", "Job", "Completed", "Job completed");
            } else {
                JobConditions.set(status, JobConditions.FAILED, "True", interim[1], interim[2], nowText);
                events.warning(job, "batch/v1", "Job", interim[1], interim[2]);
            }
        }

        /** Returns {created, deleted}. */
        private int[] manageNonIndexed(List<ObjectNode> active) {
            int want = JobMath.wantActive(job, active.size(), succeededTotal());
            int diff = active.size() - want;
            if (diff > 0) {
                active.sort(Comparator.comparing((ObjectNode p) -> Pods.isReady(p))
                        .thenComparing(p -> p.path("metadata").path("creationTimestamp").asString(""),
                                Comparator.reverseOrder()));
                int deleted = deletePods(new ArrayList<>(active.subList(0, diff)), diff);
                return new int[] {0, deleted};
            }
            if (diff < 0 && !backingOff()) {
                int n = Math.min(-diff, MAX_PER_SYNC);
                List<Integer> none = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    none.add(-1);
                }
                return new int[] {createPods(none), 0};
            }
            return new int[] {0, 0};
        }

        private int[] manageIndexed(List<ObjectNode> active) {
            int total = completions == null ? 0 : completions;
            Map<Integer, ObjectNode> byIndex = new HashMap<>();
            List<ObjectNode> extra = new ArrayList<>();
            for (ObjectNode p : active) {
                int ix = JobPods.index(p);
                if (ix < 0 || ix >= total || completed.contains(ix) || byIndex.putIfAbsent(ix, p) != null) {
                    extra.add(p);
                }
            }
            int deleted = deletePods(extra, extra.size());
            int live = byIndex.size();
            int want = Math.max(0, Math.min(JobMath.parallelism(job), total - completed.size()));
            if (live > want) {
                List<Integer> high = new ArrayList<>(byIndex.keySet());
                high.sort(Comparator.reverseOrder());
                List<ObjectNode> surplus = new ArrayList<>();
                for (int i = 0; i < live - want; i++) {
                    surplus.add(byIndex.get(high.get(i)));
                }
                deleted += deletePods(surplus, surplus.size());
                return new int[] {0, deleted};
            }
            if (live < want && !backingOff()) {
                List<Integer> pending = JobMath.pendingIndexes(total, completed, byIndex.keySet(),
                        Math.min(want - live, MAX_PER_SYNC));
                return new int[] {createPods(pending), deleted};
            }
            return new int[] {0, deleted};
        }

        /** Whether new pods must wait for the failure backoff; schedules the sync when it ends. */
        private boolean backingOff() {
            int failures = failedTotal();
            if (failures == 0) {
                return false;
            }
            Instant last = null;
            for (ObjectNode p : owned) {
                if (JobPods.isFailed(p, job)) {
                    Instant t = JobPods.finishedAt(p);
                    if (t != null && (last == null || t.isAfter(last))) {
                        last = t;
                    }
                }
            }
            if (last == null) {
                return false;
            }
            Duration left = Duration.between(now, last.plus(JobMath.backoff(failures)));
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            requeueAfter.accept(key, left);
            return true;
        }

        /** Creates one pod per entry (an index, or -1 for NonIndexed); returns how many were created. */
        private int createPods(List<Integer> indexes) {
            if (indexes.isEmpty()) {
                return 0;
            }
            expectations.expectCreations(key, indexes.size());
            int created = 0;
            RuntimeException failure = null;
            for (int ix : indexes) {
                if (failure != null) {
                    expectations.creationObserved(key);
                    continue;
                }
                try {
                    ObjectNode pod = client.create(PODS, Meta.namespace(job), JobPods.newPod(job, ix));
                    created++;
                    events.normal(job, "batch/v1", "Job", "SuccessfulCreate", "Created pod: " + Meta.name(pod));
                } catch (RuntimeException e) {
                    expectations.creationObserved(key);
                    failure = e;
                    if (e instanceof ApiException ae) {
                        events.warning(job, "batch/v1", "Job", "FailedCreate", "Error creating: "
                                + ae.status().message());
                    }
                }
            }
            if (failure != null) {
                retry = true;
            }
            return created;
        }

        /** Deletes the first {@code n} pods; returns how many deletions were accepted. */
        private int deletePods(List<ObjectNode> victims, int n) {
            int count = Math.min(n, victims.size());
            if (count == 0) {
                return 0;
            }
            expectations.expectDeletions(key, count);
            int deleted = 0;
            for (int i = 0; i < count; i++) {
                ObjectNode p = victims.get(i);
                try {
                    client.delete(PODS, Meta.namespace(p), Meta.name(p));
                    deleted++;
                    events.normal(job, "batch/v1", "Job", "SuccessfulDelete", "Deleted pod: " + Meta.name(p));
                } catch (ApiException e) {
                    expectations.deletionObserved(key);
                    if (e.status().code() != 404) {
                        retry = true;
                    }
                }
            }
            return deleted;
        }

        private void putActive(int active, int ready, int terminating) {
            putInt("active", active);
            status.put("ready", ready);
            status.put("terminating", terminating);
        }

        private void putInt(String field, int value) {
            if (value > 0) {
                status.put(field, value);
            } else {
                status.remove(field);
            }
        }

        private void putCounts() {
            ObjectNode u = status.putObject("uncountedTerminatedPods");
            if (!uncountedSucceeded.isEmpty()) {
                ArrayNode a = u.putArray("succeeded");
                uncountedSucceeded.forEach(a::add);
            }
            if (!uncountedFailed.isEmpty()) {
                ArrayNode a = u.putArray("failed");
                uncountedFailed.forEach(a::add);
            }
            if (indexed) {
                String text = Indexes.format(completed);
                if (text.isEmpty()) {
                    status.remove("completedIndexes");
                } else {
                    status.put("completedIndexes", text);
                }
            }
        }

        private void writeStatus() {
            putCounts();
            JsonNode before = job.path("status");
            if (before.equals(status)) {
                return;
            }
            ObjectNode copy = job.deepCopy();
            copy.set("status", status);
            job = client.updateStatus(JOBS, Meta.namespace(job), copy);
        }
    }
}
