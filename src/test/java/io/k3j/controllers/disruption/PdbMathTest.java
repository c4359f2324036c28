package io.k3j.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PdbMathTest {

    static ObjectNode spec(String json) {
        return (ObjectNode) Json.parse(json.getBytes());
    }

    static ObjectNode pod(String name, boolean ready, boolean deleting) {
        ObjectNode p = Json.object();
        ObjectNode meta = p.putObject("metadata").put("name", name);
        if (deleting) {
            meta.put("deletionTimestamp", "2026-01-01T00:00:00Z");
        }
        p.putObject("status").put("phase", "Running").putArray("conditions").addObject().put("type", "Ready")
                .put("status", ready ? "True" : "False");
        return p;
    }

    @Test
    void minAvailableNumberExpectsThePodsThemselves() {
        PdbMath.Desired d = PdbMath.desired(spec("{\"minAvailable\":2}"), 5, 99);
        assertThat(d).isEqualTo(new PdbMath.Desired(5, 2));
        assertThat(PdbMath.needsScale(spec("{\"minAvailable\":2}"))).isFalse();
    }

    @Test
    void minAvailablePercentScalesTheControllersReplicasRoundingUp() {
        assertThat(PdbMath.needsScale(spec("{\"minAvailable\":\"50%\"}"))).isTrue();
        assertThat(PdbMath.desired(spec("{\"minAvailable\":\"50%\"}"), 2, 5)).isEqualTo(new PdbMath.Desired(5, 3));
    }

    @Test
    void maxUnavailableSubtractsFromTheScale() {
        assertThat(PdbMath.desired(spec("{\"maxUnavailable\":1}"), 3, 4)).isEqualTo(new PdbMath.Desired(4, 3));
        // 25% of 3 rounds up to 1 unavailable
        assertThat(PdbMath.desired(spec("{\"maxUnavailable\":\"25%\"}"), 3, 3)).isEqualTo(new PdbMath.Desired(3, 2));
        assertThat(PdbMath.desired(spec("{\"maxUnavailable\":5}"), 3, 3)).isEqualTo(new PdbMath.Desired(3, 0));
    }

    @Test
    void aStringThatIsNotAPercentageIsRefused() {
        assertThatThrownBy(() -> PdbMath.scaled(Json.parse("\"3\"".getBytes()), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a percentage");
    }

    @Test
    void healthyCountsReadyPodsNotBeingDeletedOrEvicted() {
        List<ObjectNode> pods = List.of(pod("a", true, false), pod("b", true, true), pod("c", false, false),
                pod("d", true, false), pod("e", true, false));
        assertThat(PdbMath.currentHealthy(pods, Map.of("e", "2026-01-01T00:00:00Z"))).isEqualTo(2);
    }

    @Test
    void disruptionsAllowedIsNeverNegativeAndZeroWithoutExpectedPods() {
        assertThat(PdbMath.disruptionsAllowed(3, 1, 3)).isEqualTo(2);
        assertThat(PdbMath.disruptionsAllowed(1, 3, 3)).isZero();
        assertThat(PdbMath.disruptionsAllowed(3, 0, 0)).isZero();
    }

    @Test
    void disruptedPodsExpireAfterTheDeletionTimeoutOrWhenThePodGoes() {
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        ObjectNode previous = Json.object();
        previous.put("fresh", "2026-01-01T00:09:30Z");
        previous.put("old", "2026-01-01T00:07:00Z");
        previous.put("gone", "2026-01-01T00:09:30Z");
        previous.put("deleting", "2026-01-01T00:09:30Z");
        PdbMath.Disrupted d = PdbMath.disrupted(previous, List.of(pod("fresh", true, false), pod("old", true, false),
                pod("deleting", true, true)), now);
        assertThat(d.pods()).containsOnlyKeys("fresh");
        assertThat(d.recheckAt()).isEqualTo(Instant.parse("2026-01-01T00:11:30Z"));
    }

    @Test
    void statusCarriesTheConditionAndKeepsItsTransitionTime() {
        ObjectNode pdb = Json.object();
        pdb.putObject("metadata").put("generation", 3);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ObjectNode s = DisruptionController.status(pdb, 3, 2, 3, 1, Map.of(), "True", "SufficientPods", "", t0);
        assertThat(s.path("observedGeneration").asLong()).isEqualTo(3);
        assertThat(s.path("disruptionsAllowed").asInt()).isEqualTo(1);
        assertThat(s.path("conditions").get(0).path("reason").asString()).isEqualTo("SufficientPods");
        pdb.set("status", s);
        ObjectNode later = DisruptionController.status(pdb, 3, 2, 3, 1, Map.of(), "True", "SufficientPods", "",
                t0.plusSeconds(60));
        assertThat(later).isEqualTo(s);
        ObjectNode changed = DisruptionController.status(pdb, 3, 3, 3, 0, Map.of(), "False", "InsufficientPods", "",
                t0.plusSeconds(60));
        assertThat(changed.path("conditions").get(0).path("lastTransitionTime").asString())
                .isEqualTo("2026-01-01T00:01:00Z");
    }
}
