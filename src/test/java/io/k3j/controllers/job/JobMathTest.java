package io.k3j.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class JobMathTest {

    static ObjectNode job(String json) {
        return (ObjectNode) Json.parse(json.getBytes());
    }

    @Test
    void wantActiveIsParallelismCappedByMissingCompletions() {
        ObjectNode j = job("{\"spec\":{\"completions\":5,\"parallelism\":2}}");
        assertThat(JobMath.wantActive(j, 0, 0)).isEqualTo(2);
        assertThat(JobMath.wantActive(j, 2, 4)).isEqualTo(1);
        assertThat(JobMath.wantActive(j, 0, 5)).isZero();
        ObjectNode workQueue = job("{\"spec\":{\"parallelism\":3}}");
        assertThat(JobMath.wantActive(workQueue, 0, 0)).isEqualTo(3);
        assertThat(JobMath.wantActive(workQueue, 2, 1)).as("after a success, no new pods").isEqualTo(2);
    }

    @Test
    void completion() {
        ObjectNode j = job("{\"spec\":{\"completions\":3}}");
        assertThat(JobMath.complete(j, 2, 1)).isFalse();
        assertThat(JobMath.complete(j, 3, 0)).isTrue();
        ObjectNode workQueue = job("{\"spec\":{\"parallelism\":2}}");
        assertThat(JobMath.complete(workQueue, 1, 1)).isFalse();
        assertThat(JobMath.complete(workQueue, 1, 0)).isTrue();
        assertThat(JobMath.complete(workQueue, 0, 0)).isFalse();
    }

    @Test
    void backoffLimitAndDeadline() {
        ObjectNode j = job("{\"spec\":{\"backoffLimit\":2,\"activeDeadlineSeconds\":30},"
                + "\"status\":{\"startTime\":\"2025-01-01T00:00:00Z\"}}");
        assertThat(JobMath.backoffLimitExceeded(j, 2)).isFalse();
        assertThat(JobMath.backoffLimitExceeded(j, 3)).isTrue();
        assertThat(JobMath.backoffLimitExceeded(job("{\"spec\":{}}"), 6)).as("default 6").isFalse();
        assertThat(JobMath.deadline(j)).isEqualTo(Instant.parse("2025-01-01T00:00:30Z"));
        assertThat(JobMath.deadline(job("{\"spec\":{\"activeDeadlineSeconds\":30}}"))).isNull();
    }

    @Test
    void failureBackoffDoublesUpToSixMinutes() {
        assertThat(JobMath.backoff(0)).isZero();
        assertThat(JobMath.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobMath.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(JobMath.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(JobMath.backoff(20)).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void pendingIndexesSkipCompletedAndActive() {
        assertThat(JobMath.pendingIndexes(6, Set.of(0, 2), Set.of(1), 2)).isEqualTo(List.of(3, 4));
        assertThat(JobMath.pendingIndexes(3, Set.of(0, 1, 2), Set.of(), 5)).isEmpty();
    }

    @Test
    void completedIndexesRoundTrip() {
        assertThat(Indexes.format(List.of(0, 1, 2, 4, 6, 7))).isEqualTo("0-2,4,6-7");
        assertThat(Indexes.format(List.of())).isEmpty();
        assertThat(Indexes.parse("0-2,4,6-7", 10)).containsExactly(0, 1, 2, 4, 6, 7);
        assertThat(Indexes.parse("1,3-9", 5)).as("bounded by completions").containsExactly(1, 3, 4);
        assertThat(Indexes.parse("x,2,5-3", 10)).containsExactly(2);
    }

    @Test
    void podsForIndexedJobsCarryTheirIndex() {
        ObjectNode j = job("""
                {"metadata":{"name":"w","namespace":"ns","uid":"u1"},
                 "spec":{"completionMode":"Indexed","template":{"metadata":{"labels":{"a":"b"}},
                   "spec":{"containers":[{"name":"c","image":"i"}]}}}}""");
        ObjectNode pod = JobPods.newPod(j, 3);
        assertThat(pod.at("/metadata/generateName").asString()).isEqualTo("w-3-");
        assertThat(pod.at("/spec/hostname").asString()).isEqualTo("w-3");
        assertThat(pod.at("/metadata/labels/batch.kubernetes.io~1job-completion-index").asString()).isEqualTo("3");
        assertThat(JobPods.index(pod)).isEqualTo(3);
        assertThat(JobPods.hasTrackingFinalizer(pod)).isTrue();
        assertThat(pod.at("/metadata/ownerReferences/0/uid").asString()).isEqualTo("u1");
        assertThat(pod.at("/spec/containers/0/env/0/valueFrom/fieldRef/fieldPath").asString())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        ObjectNode plain = JobPods.newPod(j.deepCopy().put("x", 1), -1);
        assertThat(plain.at("/metadata/generateName").asString()).isEqualTo("w-");
        assertThat(plain.at("/spec/hostname").isMissingNode()).isTrue();
    }

    @Test
    void deletedPodsCountAsFailedUnlessReplacementWaitsForFailure() {
        ObjectNode deleting = job("{\"metadata\":{\"deletionTimestamp\":\"2025-01-01T00:00:00Z\"},"
                + "\"status\":{\"phase\":\"Running\"}}");
        assertThat(JobPods.isFailed(deleting, job("{\"spec\":{}}"))).isTrue();
        assertThat(JobPods.isFailed(deleting, job("{\"spec\":{\"podReplacementPolicy\":\"Failed\"}}"))).isFalse();
        assertThat(JobPods.isFailed(job("{\"status\":{\"phase\":\"Succeeded\"}}"), job("{}"))).isFalse();
    }

    @Test
    void ttlCountsFromTheFinishedCondition() {
        ObjectNode j = job("""
                {"spec":{"ttlSecondsAfterFinished":60},
                 "status":{"conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}""");
        assertThat(TtlAfterFinishedController.timeLeft(j, Instant.parse("2025-01-01T00:00:20Z")))
                .hasValue(Duration.ofSeconds(40));
        assertThat(TtlAfterFinishedController.timeLeft(job("{\"spec\":{\"ttlSecondsAfterFinished\":60}}"),
                Instant.parse("2025-01-01T00:00:20Z"))).isEmpty();
        ObjectNode noTtl = j.deepCopy();
        ((ObjectNode) noTtl.get("spec")).remove("ttlSecondsAfterFinished");
        assertThat(TtlAfterFinishedController.timeLeft(noTtl, Instant.parse("2025-01-01T00:00:20Z"))).isEmpty();
    }
}
