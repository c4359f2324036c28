package io.k3j.controllers.cronjob;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.TestCluster;
import io.k3j.controllers.ControllerManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CronJob run end to end in a real server with simulated nodes. So as not to wait for the next
 * minute, a second cronjob controller runs with a clock 61 s ahead (the server's own one, on the
 * real clock, finds nothing due yet); the server's job controller runs the Job.
 */
class CronJobControllerIT {

    static final Resource CRONJOBS = Resource.of("batch", "v1", "cronjobs");
    static final Resource JOBS = Resource.of("batch", "v1", "jobs");
    static final Resource EVENTS = Resource.core("events");
    static final Duration AHEAD = Duration.ofSeconds(61);
    static TestCluster cluster;
    static ApiClient client;
    static ControllerManager ahead;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
        ahead = new ControllerManager("test-cronjob-ahead", client, Clock.offset(Clock.systemUTC(), AHEAD),
                List.of(new CronJobController()), false, "test");
        ahead.start();
    }

    @AfterAll
    static void stop() throws Exception {
        ahead.close();
        cluster.close();
    }

    @Test
    void dueScheduleRunsAJobAndRecordsItsSuccess() throws Exception {
        ObjectNode cj = (ObjectNode) Json.parse("""
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"every-minute"},
                 "spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{"template":{"spec":{"nodeName":"sim-0",
                   "restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["date"]}]}}}}}}"""
                .getBytes());
        ObjectNode created = client.create(CRONJOBS, "default", cj);
        Instant createdAt = Instant.parse(created.at("/metadata/creationTimestamp").asString());
        // the server's own CronJob controller also sees the Job (made by the clock-ahead one) and
        // may list it as active for a moment after it completed: wait for both to settle
        await(Duration.ofSeconds(30), () -> {
            JsonNode s = client.get(CRONJOBS, "default", "every-minute").path("status");
            return !s.path("lastSuccessfulTime").asString("").isEmpty() && !s.has("active");
        });
        JsonNode status = client.get(CRONJOBS, "default", "every-minute").path("status");
        Instant scheduled = Instant.parse(status.path("lastScheduleTime").asString());
        assertThat(scheduled).isAfter(createdAt).isBefore(createdAt.plus(AHEAD).plusSeconds(30));
        assertThat(scheduled.getEpochSecond() % 60).isZero();
        assertThat(status.has("active")).isFalse();
        List<ObjectNode> jobs = client.listAll(JOBS, "default", ListOptions.all());
        ObjectNode job = jobs.stream().filter(j -> Meta.name(j).startsWith("every-minute-")).findFirst().orElseThrow();
        assertThat(Meta.name(job)).isEqualTo("every-minute-" + scheduled.getEpochSecond() / 60);
        assertThat(job.at("/metadata/annotations/batch.kubernetes.io~1cronjob-scheduled-timestamp").asString())
                .isEqualTo(scheduled.toString());
        assertThat(job.at("/metadata/ownerReferences/0/uid").asString()).isEqualTo(Meta.uid(created));
        await(Duration.ofSeconds(10), () -> {
            List<String> reasons = client.listAll(EVENTS, "default", ListOptions.all()).stream()
                    .filter(e -> "every-minute".equals(e.at("/involvedObject/name").asString("")))
                    .map(e -> e.path("reason").asString("") + " " + e.path("message").asString("")).toList();
            return reasons.contains("SuccessfulCreate Created job " + Meta.name(job))
                    && reasons.contains("SawCompletedJob Saw completed job: " + Meta.name(job) + ", condition: Complete");
        });
    }
}
