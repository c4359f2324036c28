package io.k3j.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The CronJob controller's decisions, driven with chosen times and a recording fake of its writes. */
class CronJobSyncTest {

    static final Instant CREATED = Instant.parse("2025-05-01T10:00:30Z");

    /** Records writes; jobs it "creates" get a uid. */
    static final class FakeControl implements CronJobControl {
        final Map<String, ObjectNode> jobs = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();
        ObjectNode status;

        @Override
        public ObjectNode createJob(String namespace, ObjectNode job) {
            if (jobs.containsKey(Meta.name(job))) {
                throw new ApiException(Status.alreadyExists("batch", "jobs", Meta.name(job)));
            }
            ObjectNode created = job.deepCopy();
            ((ObjectNode) created.get("metadata")).put("uid", "uid-" + Meta.name(job)).put("resourceVersion", "1");
            jobs.put(Meta.name(job), created);
            return created;
        }

        @Override
        public ObjectNode getJob(String namespace, String name) {
            ObjectNode j = jobs.get(name);
            if (j == null) {
                throw new ApiException(Status.notFound("batch", "jobs", name));
            }
            return j;
        }

        @Override
        public void deleteJob(String namespace, String name) {
            deleted.add(name);
            jobs.remove(name);
        }

        @Override
        public ObjectNode getCronJob(String namespace, String name) {
            ObjectNode cj = Json.object();
            if (status != null) {
                cj.set("status", status.deepCopy());
            }
            return cj;
        }

        @Override
        public ObjectNode updateStatus(ObjectNode cronJob) {
            status = (ObjectNode) cronJob.get("status");
            return cronJob;
        }
    }

    final FakeControl control = new FakeControl();
    final List<String> events = new ArrayList<>();
    final CronJobSync sync = new CronJobSync(control, (obj, av, kind, type, reason, message) ->
            events.add(type + " " + reason + " " + message));

    static ObjectNode cronJob(String spec) {
        ObjectNode cj = (ObjectNode) Json.parse(("""
                {"apiVersion":"batch/v1","kind":"CronJob",
                 "metadata":{"name":"tick","namespace":"default","uid":"cj-uid","creationTimestamp":"%s"},
                 "spec":{"concurrencyPolicy":"Allow","suspend":false,"successfulJobsHistoryLimit":3,
                   "failedJobsHistoryLimit":1,
                   "jobTemplate":{"metadata":{"labels":{"app":"tick"}},
                     "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}},
                   %s}}""").formatted(CREATED, spec).getBytes());
        return cj;
    }

    /** The cron job with the status the last sync wrote. */
    ObjectNode withStatus(ObjectNode cj) {
        ObjectNode copy = cj.deepCopy();
        if (control.status != null) {
            copy.set("status", control.status.deepCopy());
        }
        return copy;
    }

    static ObjectNode finished(ObjectNode job, String type, String at) {
        ObjectNode j = job.deepCopy();
        ObjectNode status = j.putObject("status");
        status.put("startTime", at);
        if (type.equals("Complete")) {
            status.put("completionTime", at);
        }
        status.putArray("conditions").addObject().put("type", type).put("status", "True");
        return j;
    }

    @Test
    void nothingIsDueBeforeTheFirstScheduleTime() {
        ObjectNode cj = cronJob("\"schedule\":\"*/1 * * * *\"");
        Optional<Duration> again = sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:00:40Z"));
        assertThat(control.jobs).isEmpty();
        assertThat(again).hasValue(Duration.ofSeconds(20).plusMillis(100));
    }

    @Test
    void dueScheduleStartsAJobNamedAfterItsMinute() {
        ObjectNode cj = cronJob("\"schedule\":\"*/1 * * * *\"");
        Instant now = Instant.parse("2025-05-01T10:01:05Z");
        Optional<Duration> again = sync.sync(cj, List.of(), now);
        Instant scheduled = Instant.parse("2025-05-01T10:01:00Z");
        String name = "tick-" + scheduled.getEpochSecond() / 60;
        assertThat(control.jobs).containsOnlyKeys(name);
        ObjectNode job = control.jobs.get(name);
        assertThat(job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-timestamp").asString())
                .isEqualTo("2025-05-01T10:01:00Z");
        assertThat(job.at("/metadata/labels/app").asString()).isEqualTo("tick");
        assertThat(job.at("/metadata/ownerReferences/0/kind").asString()).isEqualTo("CronJob");
        assertThat(job.at("/metadata/ownerReferences/0/controller").asBoolean(false)).isTrue();
        assertThat(job.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Never");
        assertThat(control.status.path("lastScheduleTime").asString()).isEqualTo("2025-05-01T10:01:00Z");
        assertThat(control.status.at("/active/0/name").asString()).isEqualTo(name);
        assertThat(events).contains("Normal SuccessfulCreate Created job " + name);
        assertThat(again).hasValue(Duration.ofSeconds(55).plusMillis(100));

        // the same minute again starts nothing
        sync.sync(withStatus(cj), List.of(job), now.plusSeconds(10));
        assertThat(control.jobs).hasSize(1);
    }

    @Test
    void aJobMissingFromAStaleStatusIsTakenFromTheApiNotReportedUnexpected() {
        ObjectNode cj = cronJob("\"schedule\":\"*/1 * * * *\"");
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:01:05Z"));
        ObjectNode job = control.jobs.values().iterator().next();
        sync.sync(cj, List.of(job), Instant.parse("2025-05-01T10:01:10Z")); // cj without the status written
        assertThat(events).noneMatch(e -> e.contains("UnexpectedJob"));
        assertThat(control.status.at("/active/0/uid").asString()).isEqualTo(Meta.uid(job));

        ObjectNode stranger = job.deepCopy();
        ((ObjectNode) stranger.get("metadata")).put("name", "manual").put("uid", "uid-manual");
        sync.sync(withStatus(cj), List.of(job, stranger), Instant.parse("2025-05-01T10:01:20Z"));
        assertThat(events).contains("Warning UnexpectedJob Saw a job that the controller did not create or forgot: manual");
    }

    @Test
    void onlyTheMostRecentMissedTimeRuns() {
        ObjectNode cj = cronJob("\"schedule\":\"*/1 * * * *\"");
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:05:30Z"));
        assertThat(control.jobs.keySet()).containsExactly(
                "tick-" + Instant.parse("2025-05-01T10:05:00Z").getEpochSecond() / 60);
    }

    @Test
    void everyRunsAConstantDelayAfterCreation() {
        ObjectNode cj = cronJob("\"schedule\":\"@every 2m\"");
        Optional<Duration> again = sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:05:30Z"));
        // created at 10:00:30: due at 10:02:30 and 10:04:30, next at 10:06:30
        assertThat(control.jobs.keySet()).containsExactly(
                "tick-" + Instant.parse("2025-05-01T10:04:30Z").getEpochSecond() / 60);
        assertThat(control.status.path("lastScheduleTime").asString()).isEqualTo("2025-05-01T10:04:30Z");
        assertThat(again).hasValue(Duration.ofSeconds(60).plusMillis(100));
    }

    @Test
    void startingDeadlineMissedIsReportedNotRun() {
        ObjectNode cj = cronJob("\"schedule\":\"0 * * * *\",\"startingDeadlineSeconds\":30");
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T11:00:45Z"));
        assertThat(control.jobs).isEmpty();
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T11:00:20Z"));
        assertThat(control.jobs).hasSize(1);
    }

    @Test
    void forbidSkipsWhileAJobRunsAndReplaceDeletesIt() {
        ObjectNode forbid = cronJob("\"schedule\":\"*/1 * * * *\",\"concurrencyPolicy\":\"Forbid\"");
        sync.sync(forbid, List.of(), Instant.parse("2025-05-01T10:01:05Z"));
        ObjectNode first = control.jobs.values().iterator().next();
        sync.sync(withStatus(forbid), List.of(first), Instant.parse("2025-05-01T10:02:05Z"));
        assertThat(control.jobs).hasSize(1);
        assertThat(events).anyMatch(e -> e.startsWith("Normal JobAlreadyActive"));

        ObjectNode replace = withStatus(forbid);
        ((ObjectNode) replace.get("spec")).put("concurrencyPolicy", "Replace");
        sync.sync(replace, List.of(first), Instant.parse("2025-05-01T10:02:05Z"));
        assertThat(control.deleted).containsExactly(Meta.name(first));
        assertThat(control.jobs).hasSize(1).doesNotContainKey(Meta.name(first));
        assertThat(control.status.path("active").size()).isEqualTo(1);
        assertThat(events).contains("Normal SuccessfulDelete Deleted job " + Meta.name(first));
    }

    @Test
    void completedJobsLeaveActiveAndHistoryIsPruned() {
        ObjectNode cj = cronJob("\"schedule\":\"*/1 * * * *\"");
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:01:05Z"));
        ObjectNode job = control.jobs.values().iterator().next();
        ObjectNode done = finished(job, "Complete", "2025-05-01T10:01:20Z");
        sync.sync(withStatus(cj), List.of(done), Instant.parse("2025-05-01T10:01:30Z"));
        assertThat(control.status.has("active")).isFalse();
        assertThat(control.status.path("lastSuccessfulTime").asString()).isEqualTo("2025-05-01T10:01:20Z");
        assertThat(events).contains("Normal SawCompletedJob Saw completed job: " + Meta.name(job)
                + ", condition: Complete");

        List<ObjectNode> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode j = job.deepCopy();
            ((ObjectNode) j.get("metadata")).put("name", "old-" + i).put("uid", "old-" + i);
            history.add(finished(j, "Complete", "2025-05-01T09:0" + i + ":00Z"));
        }
        ObjectNode f1 = job.deepCopy();
        ((ObjectNode) f1.get("metadata")).put("name", "bad-1").put("uid", "bad-1");
        ObjectNode f2 = job.deepCopy();
        ((ObjectNode) f2.get("metadata")).put("name", "bad-2").put("uid", "bad-2");
        history.add(finished(f1, "Failed", "2025-05-01T09:10:00Z"));
        history.add(finished(f2, "Failed", "2025-05-01T09:11:00Z"));
        sync.sync(withStatus(cj), history, Instant.parse("2025-05-01T10:01:40Z"));
        assertThat(control.deleted).containsExactly("old-0", "old-1", "bad-1");
    }

    @Test
    void suspendedAndUnparseableCronJobsStartNothing() {
        sync.sync(cronJob("\"schedule\":\"*/1 * * * *\",\"suspend\":true"), List.of(),
                Instant.parse("2025-05-01T10:05:00Z"));
        assertThat(control.jobs).isEmpty();
        assertThat(sync.sync(cronJob("\"schedule\":\"*/1 * * * *\",\"timeZone\":\"Nowhere/City\""), List.of(),
                Instant.parse("2025-05-01T10:05:00Z"))).isEmpty();
        assertThat(events).anyMatch(e -> e.startsWith("Warning UnknownTimeZone"));
        assertThat(control.jobs).isEmpty();
    }

    @Test
    void timeZoneShapesScheduleAndAnnotation() {
        ObjectNode cj = cronJob("\"schedule\":\"0 12 * * *\",\"timeZone\":\"Europe/Berlin\"");
        sync.sync(cj, List.of(), Instant.parse("2025-05-01T10:00:50Z"));
        assertThat(control.jobs).as("noon in Berlin was 10:00Z, before the creation").isEmpty();
        sync.sync(cj, List.of(), Instant.parse("2025-05-02T10:00:10Z"));
        ObjectNode job = control.jobs.values().iterator().next();
        assertThat(Meta.name(job)).isEqualTo("tick-" + Instant.parse("2025-05-02T10:00:00Z").getEpochSecond() / 60);
        assertThat(job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-timestamp").asString())
                .isEqualTo("2025-05-02T12:00:00+02:00");
    }
}
