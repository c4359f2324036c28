package io.k3j.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.controllers.nodelifecycle.Taints.Taint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EvictionScheduleTest {

    static final Taint UNREACHABLE = new Taint(Taints.UNREACHABLE, "", Taints.NO_EXECUTE);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static JsonNode tolerations(String json) {
        return Json.parse(json.getBytes());
    }

    @Test
    void anUntoleratedTaintEvictsAtOnce() {
        EvictionSchedule s = new EvictionSchedule();
        assertThat(s.evictionTime("ns/p", List.of(UNREACHABLE), tolerations("[]"), T0)).contains(T0);
    }

    @Test
    void tolerationSecondsCountFromWhenThePodWasFirstFoundTainted() {
        EvictionSchedule s = new EvictionSchedule();
        JsonNode tol = tolerations("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":30}]");
        assertThat(s.evictionTime("ns/p", List.of(UNREACHABLE), tol, T0)).contains(T0.plusSeconds(30));
        // seen again later: still the same deadline
        assertThat(s.evictionTime("ns/p", List.of(UNREACHABLE), tol, T0.plusSeconds(20))).contains(T0.plusSeconds(30));
        // taint gone: cancelled, and a new taint starts a new count
        assertThat(s.evictionTime("ns/p", List.of(), tol, T0.plusSeconds(25))).isEmpty();
        assertThat(s.pending("ns/p")).isFalse();
        assertThat(s.evictionTime("ns/p", List.of(UNREACHABLE), tol, T0.plusSeconds(40))).contains(T0.plusSeconds(70));
    }

    @Test
    void theSmallestTolerationSecondsWinsAndNoneMeansForever() {
        EvictionSchedule s = new EvictionSchedule();
        Taint custom = new Taint("example.com/x", "v", Taints.NO_EXECUTE);
        JsonNode tol = tolerations("[{\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":100},"
                + "{\"key\":\"example.com/x\",\"value\":\"v\",\"effect\":\"NoExecute\",\"tolerationSeconds\":5}]");
        assertThat(s.evictionTime("a", List.of(UNREACHABLE, custom), tol, T0)).contains(T0.plusSeconds(5));
        JsonNode forever = tolerations("[{\"operator\":\"Exists\"}]");
        assertThat(s.evictionTime("b", List.of(UNREACHABLE, custom), forever, T0)).isEmpty();
        JsonNode zero = tolerations("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"tolerationSeconds\":0}]");
        assertThat(s.evictionTime("c", List.of(UNREACHABLE), zero, T0)).contains(T0);
    }

    @Test
    void equalTolerationsNeedTheSameValue() {
        Taint t = new Taint("k", "v1", Taints.NO_EXECUTE);
        assertThat(Taints.tolerates(tolerations("{\"key\":\"k\",\"value\":\"v1\"}"), t)).isTrue();
        assertThat(Taints.tolerates(tolerations("{\"key\":\"k\",\"value\":\"v2\"}"), t)).isFalse();
        assertThat(Taints.tolerates(tolerations("{\"key\":\"k\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}"), t))
                .isFalse();
    }
}
