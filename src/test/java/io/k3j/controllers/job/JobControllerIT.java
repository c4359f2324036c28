package io.k3j.controllers.job;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The job and ttl-after-finished controllers in a real server with three simulated nodes. */
class JobControllerIT {

    static final Resource JOBS = Resource.of("batch", "v1", "jobs");
    static final Resource PODS = Resource.core("pods");
    static final Resource EVENTS = Resource.core("events");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode job(String name, String specExtra, String annotations) {
        return (ObjectNode) Json.parse(("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s"},
                 "spec":{%s "template":{"metadata":{"annotations":{%s}},
                   "spec":{"nodeName":"sim-0","restartPolicy":"Never",
                     "containers":[{"name":"c","image":"busybox","command":["true"]}]}}}}"""
                .formatted(name, specExtra, annotations)).getBytes());
    }

    static ObjectNode get(String name) {
        return client.get(JOBS, "default", name);
    }

    static boolean condition(String name, String type) {
        return JobConditions.isTrue(get(name).path("status"), type);
    }

    static List<ObjectNode> pods(String job) {
        return client.listAll(PODS, "default", ListOptions.all().withLabelSelector("batch.kubernetes.io/job-name=" + job));
    }

    static List<String> events(String name) {
        return client.listAll(EVENTS, "default", ListOptions.all()).stream()
                .filter(e -> name.equals(e.path("involvedObject").path("name").asString("")))
                .map(e -> e.path("reason").asString() + ":" + e.path("message").asString()
                        + ":" + e.path("source").path("component").asString())
                .toList();
    }

    @Test
    void completionsWithParallelismRunAtMostTwoAtOnceAndComplete() throws Exception {
        client.create(JOBS, "default", job("five", "\"completions\":5,\"parallelism\":2,", ""));
        AtomicInteger maxActive = new AtomicInteger();
        await(Duration.ofSeconds(40), () -> {
            long running = pods("five").stream().filter(p -> !Meta.isDeleting(p)
                    && !p.path("status").path("phase").asString("").matches("Succeeded|Failed")).count();
            maxActive.accumulateAndGet((int) running, Math::max);
            return condition("five", "Complete");
        });
        ObjectNode job = get("five");
        JsonNode status = job.path("status");
        assertThat(maxActive.get()).isBetween(1, 2);
        assertThat(status.path("succeeded").asInt(0)).isEqualTo(5);
        assertThat(status.path("failed").asInt(0)).isZero();
        assertThat(status.path("active").asInt(0)).isZero();
        assertThat(status.path("startTime").asString()).isNotEmpty();
        assertThat(status.path("completionTime").asString()).isNotEmpty();
        assertThat(JobConditions.isTrue(status, "SuccessCriteriaMet")).isTrue();
        assertThat(JobConditions.find(status, "Complete").path("reason").asString()).isEqualTo("CompletionsReached");
        List<String> types = status.path("conditions").valueStream().map(c -> c.path("type").asString()).toList();
        assertThat(types).containsExactly("SuccessCriteriaMet", "Complete");
        List<ObjectNode> pods = pods("five");
        assertThat(pods).hasSize(5);
        for (ObjectNode p : pods) {
            assertThat(JobPods.hasTrackingFinalizer(p)).as("finalizer released").isFalse();
            assertThat(Meta.labels(p)).containsEntry("batch.kubernetes.io/controller-uid", Meta.uid(job))
                    .containsEntry("job-name", "five");
            assertThat(Meta.name(p)).startsWith("five-");
        }
        // counts survive the deletion of the pods
        for (ObjectNode p : pods) {
            client.delete(PODS, "default", Meta.name(p));
        }
        await(Duration.ofSeconds(10), () -> pods("five").isEmpty());
        Thread.sleep(500);
        assertThat(get("five").path("status").path("succeeded").asInt(0)).isEqualTo(5);
        await(Duration.ofSeconds(5), () -> events("five").stream().anyMatch(e -> e.startsWith("Completed:Job completed:job-controller")));
        assertThat(events("five")).anyMatch(e -> e.matches("SuccessfulCreate:Created pod: five-.+:job-controller"));
    }

    @Test
    void indexedJobRunsEachIndexOnce() throws Exception {
        client.create(JOBS, "default", job("idx", "\"completions\":3,\"parallelism\":3,\"completionMode\":\"Indexed\",", ""));
        await(Duration.ofSeconds(30), () -> condition("idx", "Complete"));
        JsonNode status = get("idx").path("status");
        assertThat(status.path("completedIndexes").asString()).isEqualTo("0-2");
        assertThat(status.path("succeeded").asInt(0)).isEqualTo(3);
        List<ObjectNode> pods = pods("idx");
        assertThat(pods).hasSize(3);
        assertThat(pods.stream().map(p -> p.path("spec").path("hostname").asString()))
                .containsExactlyInAnyOrder("idx-0", "idx-1", "idx-2");
        for (ObjectNode p : pods) {
            String ix = p.path("metadata").path("annotations").path(JobPods.COMPLETION_INDEX).asString();
            assertThat(Meta.labels(p)).containsEntry(JobPods.COMPLETION_INDEX, ix);
            assertThat(Meta.name(p)).startsWith("idx-" + ix + "-");
            assertThat(p.at("/spec/containers/0/env/0/name").asString()).isEqualTo("JOB_COMPLETION_INDEX");
        }
    }

    @Test
    void failingPodsExceedTheBackoffLimit() throws Exception {
        client.create(JOBS, "default", job("fails", "\"backoffLimit\":1,",
                "\"k3j.io/simulated-exit-code\":\"1\",\"k3j.io/simulated-runtime\":\"500ms\""));
        await(Duration.ofSeconds(40), () -> condition("fails", "Failed"));
        JsonNode status = get("fails").path("status");
        assertThat(status.path("failed").asInt(0)).isEqualTo(2);
        assertThat(status.path("succeeded").asInt(0)).isZero();
        ObjectNode failed = JobConditions.find(status, "Failed");
        assertThat(failed.path("reason").asString()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.path("message").asString()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(JobConditions.isTrue(status, "FailureTarget")).isTrue();
        assertThat(status.has("completionTime")).isFalse();
        assertThat(pods("fails")).hasSize(2);
        await(Duration.ofSeconds(5), () -> events("fails").stream()
                .anyMatch(e -> e.startsWith("BackoffLimitExceeded:Job has reached the specified backoff limit")));
    }

    @Test
    void activeDeadlineTerminatesRunningPods() throws Exception {
        client.create(JOBS, "default", job("late", "\"activeDeadlineSeconds\":2,\"parallelism\":2,\"completions\":4,",
                "\"k3j.io/simulated-runtime\":\"10m\""));
        await(Duration.ofSeconds(20), () -> condition("late", "Failed"));
        JsonNode status = get("late").path("status");
        assertThat(JobConditions.find(status, "Failed").path("reason").asString()).isEqualTo("DeadlineExceeded");
        assertThat(JobConditions.find(status, "Failed").path("message").asString())
                .isEqualTo("Job was active longer than specified deadline");
        assertThat(status.path("failed").asInt(0)).isEqualTo(2);
        assertThat(status.path("active").asInt(0)).isZero();
        await(Duration.ofSeconds(10), () -> pods("late").isEmpty());
    }

    static void suspend(boolean value) {
        client.patch(JOBS, "default", "pause", io.k3j.client.PatchType.MERGE,
                Json.parse(("{\"spec\":{\"suspend\":" + value + "}}").getBytes()), io.k3j.client.PatchOptions.none());
    }

    @Test
    void suspendDeletesActivePodsAndResumeStartsThemAgain() throws Exception {
        client.create(JOBS, "default", job("pause", "\"parallelism\":2,\"completions\":2,",
                "\"k3j.io/simulated-runtime\":\"10m\""));
        await(Duration.ofSeconds(10), () -> get("pause").path("status").path("active").asInt(0) == 2);
        suspend(true);
        await(Duration.ofSeconds(15), () -> condition("pause", "Suspended") && pods("pause").isEmpty());
        JsonNode status = get("pause").path("status");
        assertThat(JobConditions.find(status, "Suspended").path("reason").asString()).isEqualTo("JobSuspended");
        assertThat(status.path("active").asInt(0)).isZero();
        assertThat(status.path("failed").asInt(0)).as("suspension is no failure").isZero();
        suspend(false);
        await(Duration.ofSeconds(10), () -> get("pause").path("status").path("active").asInt(0) == 2);
        assertThat(JobConditions.find(get("pause").path("status"), "Suspended").path("status").asString())
                .isEqualTo("False");
    }

    @Test
    void finishedJobWithTtlIsDeleted() throws Exception {
        client.create(JOBS, "default", job("short-lived", "\"ttlSecondsAfterFinished\":1,", ""));
        await(Duration.ofSeconds(30), () -> {
            try {
                get("short-lived");
                return false;
            } catch (ApiException e) {
                return e.status().code() == 404;
            }
        });
    }
}
