package io.k3j.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodRankingTest {

    static ObjectNode pod(String name, String node, String phase, boolean ready, String created) {
        ObjectNode p = Json.object();
        p.putObject("metadata").put("name", name).put("uid", name).put("creationTimestamp", created);
        if (node != null) {
            p.putObject("spec").put("nodeName", node);
        }
        ObjectNode status = p.putObject("status");
        status.put("phase", phase);
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False")
                .put("lastTransitionTime", created);
        return p;
    }

    static List<String> names(List<ObjectNode> pods) {
        return pods.stream().map(Meta::name).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyThenNewest() {
        ObjectNode readyOld = pod("ready-old", "n1", "Running", true, "2026-01-01T00:00:00Z");
        ObjectNode readyNew = pod("ready-new", "n2", "Running", true, "2026-01-02T00:00:00Z");
        ObjectNode notReady = pod("not-ready", "n3", "Running", false, "2026-01-01T00:00:00Z");
        ObjectNode pending = pod("pending", "n4", "Pending", false, "2026-01-01T00:00:00Z");
        ObjectNode unscheduled = pod("unscheduled", null, "Pending", false, "2026-01-01T00:00:00Z");
        List<ObjectNode> all = List.of(readyOld, readyNew, notReady, pending, unscheduled);
        assertThat(names(PodRanking.podsToDelete(all, all, 4)))
                .containsExactly("unscheduled", "pending", "not-ready", "ready-new");
        assertThat(names(PodRanking.podsToDelete(all, all, 1))).containsExactly("unscheduled");
        assertThat(PodRanking.podsToDelete(all, all, 9)).hasSize(5);
    }

    @Test
    void doubledUpNodesFirst() {
        ObjectNode alone = pod("alone", "n1", "Running", true, "2026-01-02T00:00:00Z");
        ObjectNode shared = pod("shared", "n2", "Running", true, "2026-01-01T00:00:00Z");
        ObjectNode sibling = pod("sibling", "n2", "Running", true, "2026-01-01T00:00:00Z");
        assertThat(names(PodRanking.podsToDelete(List.of(alone, shared), List.of(alone, shared, sibling), 1)))
                .containsExactly("shared");
    }

    @Test
    void slowStartBatchesDoubleAndStopAtFirstFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(ReplicaSetController.slowStartBatch(10, 1, () -> {
            calls.incrementAndGet();
            return true;
        })).isEqualTo(10);
        assertThat(calls.get()).isEqualTo(10);
        AtomicInteger n = new AtomicInteger();
        // batches 1, 2, 4: the 5th call fails, so the batch of 4 ends the run with 6 successes
        int ok = ReplicaSetController.slowStartBatch(20, 1, () -> n.incrementAndGet() != 5);
        assertThat(ok).isEqualTo(6);
        assertThat(n.get()).isEqualTo(7);
    }
}
