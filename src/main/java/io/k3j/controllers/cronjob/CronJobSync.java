package io.k3j.controllers.cronjob;

import io.k3j.api.ApiException;
import io.k3j.api.CronSchedule;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.Owners;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One CronJob's reconciliation at a given time (upstream's syncCronJob and cleanupFinishedJobs):
 * keeps status.active in step with its Jobs, starts the Job of the most recent due schedule time
 * under the concurrency policy and starting deadline, prunes finished Jobs beyond the history
 * limits, and says when to look again. Stateless apart from its collaborators; thread-safe.
 */
public final class CronJobSync {

    public static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** Upstream warns when more start times than this were missed. */
    static final int MISSED_WARNING = 100;
    /** Give up counting missed start times after this many (the most recent found so far is used). */
    static final int MISSED_LIMIT = 100_000;
    private static final Duration NEXT_SLACK = Duration.ofMillis(100);

    private final CronJobControl control;
    private final EventRecorder.Recorder events;

    public CronJobSync(CronJobControl control, EventRecorder.Recorder events) {
        this.control = control;
        this.events = events;
    }

    /**
     * Reconciles {@code cronJob} (not modified) with its {@code jobs} (those it controls) at
     * {@code now}; returns how long until it should be synced again, if it should.
     */
    public Optional<Duration> sync(ObjectNode cronJob, List<ObjectNode> jobs, Instant now) {
        ObjectNode cj = cronJob.deepCopy();
        ObjectNode status = cj.get("status") instanceof ObjectNode s ? s : cj.putObject("status");
        JsonNode before = status.deepCopy();
        reconcileActive(cj, status, jobs);
        Optional<Duration> requeue = Meta.isDeleting(cj) ? Optional.empty() : schedule(cj, status, now);
        cleanupFinishedJobs(cj, status, jobs);
        if (!before.equals(status)) {
            control.updateStatus(cj);
        }
        return requeue;
    }

    private void reconcileActive(ObjectNode cj, ObjectNode status, List<ObjectNode> jobs) {
        for (ObjectNode j : jobs) {
            boolean found = inActive(status, Meta.uid(j));
            Optional<String> finished = finishedCondition(j);
            if (!found && finished.isEmpty()) {
                JsonNode fresh = freshActiveRef(cj, Meta.uid(j));
                if (fresh != null) {
                    status.withArray("active").add(fresh.deepCopy()); // our cache was behind our own write
                    continue;
                }
                events.warning(cj, "batch/v1", "CronJob", "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: " + Meta.name(j));
            } else if (found && finished.isPresent()) {
                removeActive(status, Meta.uid(j));
                events.normal(cj, "batch/v1", "CronJob", "SawCompletedJob",
                        "Saw completed job: " + Meta.name(j) + ", condition: " + finished.get());
            }
            if (finished.filter("Complete"::equals).isPresent()) {
                String done = j.path("status").path("completionTime").asString("");
                String last = status.path("lastSuccessfulTime").asString("");
                if (!done.isEmpty() && (last.isEmpty() || Instant.parse(done).isAfter(Instant.parse(last)))) {
                    status.put("lastSuccessfulTime", done);
                }
            }
        }
        // active references whose Job is gone
        ArrayNode active = status.get("active") instanceof ArrayNode a ? a : null;
        if (active != null) {
            for (int i = active.size() - 1; i >= 0; i--) {
                String uid = active.get(i).path("uid").asString("");
                if (jobs.stream().noneMatch(j -> uid.equals(Meta.uid(j)))) {
                    String name = active.get(i).path("name").asString("");
                    if (!jobExists(Meta.namespace(cj), name, uid)) {
                        active.remove(i);
                        events.normal(cj, "batch/v1", "CronJob", "MissingJob", "Active job went missing: " + name);
                    }
                }
            }
            if (active.isEmpty()) {
                status.remove("active");
            }
        }
    }

    /** The reference to job {@code uid} in the CronJob's active list as the API has it now, or null. */
    private JsonNode freshActiveRef(ObjectNode cj, String uid) {
        try {
            for (JsonNode ref : control.getCronJob(Meta.namespace(cj), Meta.name(cj)).path("status").path("active")) {
                if (uid.equals(ref.path("uid").asString(""))) {
                    return ref;
                }
            }
            return null;
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    private boolean jobExists(String namespace, String name, String uid) {
        try {
            return uid.equals(Meta.uid(control.getJob(namespace, name)));
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Starts the due Job, if any; returns the time to the next schedule. */
    private Optional<Duration> schedule(ObjectNode cj, ObjectNode status, Instant now) {
        JsonNode spec = cj.path("spec");
        ZoneId zone = ZoneOffset.UTC;
        String tz = spec.path("timeZone").asString("");
        if (!tz.isEmpty()) {
            try {
                zone = CronSchedule.zone(tz);
            } catch (IllegalArgumentException e) {
                events.warning(cj, "batch/v1", "CronJob", "UnknownTimeZone", "invalid timeZone: \"" + tz + "\": "
                        + e.getMessage());
                return Optional.empty();
            }
        }
        CronSchedule sched;
        try {
            sched = CronSchedule.parse(spec.path("schedule").asString(""), zone);
        } catch (IllegalArgumentException e) {
            events.warning(cj, "batch/v1", "CronJob", "UnparseableSchedule", "unparseable schedule: \""
                    + spec.path("schedule").asString("") + "\" : " + e.getMessage());
            return Optional.empty();
        }
        if (spec.path("suspend").asBoolean(false)) {
            return Optional.empty();
        }
        Instant scheduled = mostRecentScheduleTime(cj, sched, now);
        Optional<Duration> next = nextScheduleDelay(sched, scheduled != null ? scheduled
                : earliestScheduleTime(cj, now), now);
        if (scheduled == null) {
            return next;
        }
        JsonNode deadline = spec.path("startingDeadlineSeconds");
        if (deadline.isNumber() && scheduled.plusSeconds(deadline.asLong()).isBefore(now)) {
            events.warning(cj, "batch/v1", "CronJob", "MissSchedule", "Missed scheduled time to start a job: "
                    + rfc3339(scheduled, zone));
            return next;
        }
        String jobName = jobName(cj, scheduled);
        String last = status.path("lastScheduleTime").asString("");
        if (activeByName(status, jobName) || (!last.isEmpty() && Instant.parse(last).equals(scheduled))) {
            return next;
        }
        String policy = spec.path("concurrencyPolicy").asString("Allow");
        ArrayNode active = status.get("active") instanceof ArrayNode a ? a : null;
        if ("Forbid".equals(policy) && active != null && !active.isEmpty()) {
            events.normal(cj, "batch/v1", "CronJob", "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return next;
        }
        if ("Replace".equals(policy) && active != null) {
            for (int i = active.size() - 1; i >= 0; i--) {
                String name = active.get(i).path("name").asString("");
                try {
                    control.deleteJob(Meta.namespace(cj), name);
                } catch (ApiException e) {
                    if (e.status().code() != 404) {
                        throw e;
                    }
                }
                events.normal(cj, "batch/v1", "CronJob", "SuccessfulDelete", "Deleted job " + name);
                active.remove(i);
            }
            if (active.isEmpty()) {
                status.remove("active");
            }
        }
        ObjectNode created;
        try {
            created = control.createJob(Meta.namespace(cj), jobFor(cj, scheduled, zone));
            events.normal(cj, "batch/v1", "CronJob", "SuccessfulCreate", "Created job " + Meta.name(created));
        } catch (ApiException e) {
            if (e.status().code() != 409) {
                events.warning(cj, "batch/v1", "CronJob", "FailedCreate", "Error creating job: "
                        + e.status().message());
                throw e;
            }
            created = control.getJob(Meta.namespace(cj), jobName);
            if (!Owners.isControlledBy(created, Meta.uid(cj))) {
                return next;
            }
        }
        if (finishedCondition(created).isEmpty() && !inActive(status, Meta.uid(created))) {
            ObjectNode ref = status.withArray("active").addObject();
            ref.put("kind", "Job");
            ref.put("namespace", Meta.namespace(created));
            ref.put("name", Meta.name(created));
            ref.put("uid", Meta.uid(created));
            ref.put("apiVersion", "batch/v1");
            ref.put("resourceVersion", Meta.resourceVersion(created));
        }
        status.put("lastScheduleTime", scheduled.toString());
        return next;
    }

    /**
     * The latest schedule time after the last one run (or the creation time) and not after
     * {@code now}; with startingDeadlineSeconds, only times within it are considered.
     */
    Instant mostRecentScheduleTime(ObjectNode cj, CronSchedule sched, Instant now) {
        Instant earliest = earliestScheduleTime(cj, now);
        Instant recent = null;
        int missed = 0;
        for (Optional<Instant> t = sched.next(earliest); t.isPresent() && !t.get().isAfter(now);
             t = sched.next(t.get())) {
            recent = t.get();
            if (++missed >= MISSED_LIMIT) {
                break;
            }
        }
        if (missed > MISSED_WARNING) {
            events.warning(cj, "batch/v1", "CronJob", "TooManyMissedTimes",
                    "too many missed start times: " + missed
                            + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        return recent;
    }

    /** After what schedule times count: the last one run, else the creation, not before the starting deadline. */
    private static Instant earliestScheduleTime(ObjectNode cj, Instant now) {
        String last = cj.path("status").path("lastScheduleTime").asString("");
        String created = cj.path("metadata").path("creationTimestamp").asString("");
        Instant earliest = !last.isEmpty() ? Instant.parse(last) : !created.isEmpty() ? Instant.parse(created) : now;
        JsonNode deadline = cj.path("spec").path("startingDeadlineSeconds");
        if (deadline.isNumber()) {
            Instant limit = now.minusSeconds(deadline.asLong());
            if (limit.isAfter(earliest)) {
                earliest = limit;
            }
        }
        return earliest;
    }

    /**
     * Upstream's nextScheduleTimeDuration: how long until the schedule time after {@code from}
     * (the most recent due time, else the earliest), which for {@code @every} counts from that
     * time rather than from now; plus a little slack.
     */
    private static Optional<Duration> nextScheduleDelay(CronSchedule sched, Instant from, Instant now) {
        Optional<Instant> t = sched.next(from);
        if (t.isPresent() && !t.get().isAfter(now)) {
            t = sched.next(now);
        }
        return t.map(at -> Duration.between(now, at).plus(NEXT_SLACK));
    }

    /** {@code <cronjob>-<scheduled time in minutes since the epoch>}. */
    public static String jobName(JsonNode cj, Instant scheduled) {
        return cj.path("metadata").path("name").asString("") + "-" + scheduled.getEpochSecond() / 60;
    }

    static String rfc3339(Instant t, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    /** The Job for {@code scheduled}: the template's labels, annotations and spec, owned by the CronJob. */
    static ObjectNode jobFor(ObjectNode cj, Instant scheduled, ZoneId zone) {
        JsonNode template = cj.path("spec").path("jobTemplate");
        ObjectNode job = Json.object();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        ObjectNode meta = job.putObject("metadata");
        meta.put("name", jobName(cj, scheduled));
        meta.put("namespace", Meta.namespace(cj));
        if (template.path("metadata").get("labels") instanceof ObjectNode labels) {
            meta.set("labels", labels.deepCopy());
        }
        ObjectNode annotations = template.path("metadata").get("annotations") instanceof ObjectNode a
                ? a.deepCopy() : Json.object();
        annotations.put(SCHEDULED_TIMESTAMP, rfc3339(scheduled, zone));
        meta.set("annotations", annotations);
        meta.putArray("ownerReferences").add(Owners.controllerRef(cj, "batch/v1", "CronJob"));
        job.set("spec", template.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object());
        return job;
    }

    /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
    private void cleanupFinishedJobs(ObjectNode cj, ObjectNode status, List<ObjectNode> jobs) {
        JsonNode spec = cj.path("spec");
        JsonNode okLimit = spec.path("successfulJobsHistoryLimit");
        JsonNode failLimit = spec.path("failedJobsHistoryLimit");
        List<ObjectNode> succeeded = new ArrayList<>();
        List<ObjectNode> failed = new ArrayList<>();
        for (ObjectNode j : jobs) {
            Optional<String> c = finishedCondition(j);
            if (c.isPresent() && !Meta.isDeleting(j)) {
                (c.get().equals("Complete") ? succeeded : failed).add(j);
            }
        }
        if (okLimit.isNumber()) {
            removeOldest(cj, status, succeeded, okLimit.asInt());
        }
        if (failLimit.isNumber()) {
            removeOldest(cj, status, failed, failLimit.asInt());
        }
    }

    private void removeOldest(ObjectNode cj, ObjectNode status, List<ObjectNode> finished, int keep) {
        if (finished.size() <= keep) {
            return;
        }
        finished.sort(Comparator.comparing((ObjectNode j) -> j.path("status").path("startTime").asString(""),
                        Comparator.comparing(String::isEmpty).thenComparing(Comparator.naturalOrder()))
                .thenComparing(Meta::name));
        for (ObjectNode j : finished.subList(0, finished.size() - keep)) {
            try {
                control.deleteJob(Meta.namespace(j), Meta.name(j));
                events.normal(cj, "batch/v1", "CronJob", "SuccessfulDelete", "Deleted job " + Meta.name(j));
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
            removeActive(status, Meta.uid(j));
        }
    }

    /** "Complete" or "Failed" when that condition is True. */
    static Optional<String> finishedCondition(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asString("");
            if ((type.equals("Complete") || type.equals("Failed")) && "True".equals(c.path("status").asString(""))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static boolean inActive(JsonNode status, String uid) {
        for (JsonNode ref : status.path("active")) {
            if (uid != null && uid.equals(ref.path("uid").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean activeByName(JsonNode status, String name) {
        for (JsonNode ref : status.path("active")) {
            if (name.equals(ref.path("name").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static void removeActive(ObjectNode status, String uid) {
        if (status.get("active") instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).path("uid").asString("").equals(uid)) {
                    a.remove(i);
                }
            }
            if (a.isEmpty()) {
                status.remove("active");
            }
        }
    }
}
