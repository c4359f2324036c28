package io.k3j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

class RollingMathTest {

    static JsonNode v(Object o) {
        return o instanceof Integer i ? IntNode.valueOf(i) : StringNode.valueOf((String) o);
    }

    static ObjectNode deployment(int replicas, String type, Object surge, Object unavailable) {
        ObjectNode d = Json.object();
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", replicas);
        ObjectNode strategy = spec.putObject("strategy");
        strategy.put("type", type);
        if (type.equals("RollingUpdate")) {
            ObjectNode ru = strategy.putObject("rollingUpdate");
            ru.set("maxSurge", v(surge));
            ru.set("maxUnavailable", v(unavailable));
        }
        return d;
    }

    static ObjectNode rs(int replicas) {
        ObjectNode rs = Json.object();
        rs.putObject("spec").put("replicas", replicas);
        return rs;
    }

    @Test
    void percentagesRoundSurgeUpAndUnavailableDown() {
        assertThat(RollingMath.resolveFenceposts(v("25%"), v("25%"), 10)).containsExactly(3, 2);
        assertThat(RollingMath.resolveFenceposts(v("25%"), v("25%"), 3)).containsExactly(1, 0);
        assertThat(RollingMath.resolveFenceposts(v("50%"), v("50%"), 5)).containsExactly(3, 2);
        assertThat(RollingMath.resolveFenceposts(v(2), v(1), 100)).containsExactly(2, 1);
    }

    @Test
    void bothZeroMakesOneUnavailable() {
        assertThat(RollingMath.resolveFenceposts(v(0), v(0), 5)).containsExactly(0, 1);
        assertThat(RollingMath.resolveFenceposts(v("10%"), v("10%"), 1)).containsExactly(1, 0);
        assertThat(RollingMath.resolveFenceposts(v("0%"), v("10%"), 5)).containsExactly(0, 1);
    }

    @Test
    void nonPercentStringIsRejected() {
        assertThatThrownBy(() -> RollingMath.scaledValue(v("3"), 10, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxUnavailableIsCappedAndZeroForRecreate() {
        assertThat(RollingMath.maxUnavailable(deployment(3, "RollingUpdate", 0, 5))).isEqualTo(3);
        assertThat(RollingMath.maxUnavailable(deployment(0, "RollingUpdate", 1, 1))).isZero();
        assertThat(RollingMath.maxUnavailable(deployment(4, "Recreate", null, null))).isZero();
        assertThat(RollingMath.maxSurge(deployment(4, "Recreate", null, null))).isZero();
        assertThat(RollingMath.maxSurge(deployment(10, "RollingUpdate", "25%", "25%"))).isEqualTo(3);
    }

    @Test
    void newReplicaSetGrowsWithinSurge() {
        ObjectNode d = deployment(10, "RollingUpdate", "25%", "25%");
        ObjectNode old = rs(10);
        ObjectNode fresh = rs(0);
        assertThat(RollingMath.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(3);
        ObjectNode grown = rs(3);
        assertThat(RollingMath.newReplicaSetReplicas(d, List.of(old, grown), grown)).isEqualTo(3);
        ObjectNode shrunk = rs(5);
        assertThat(RollingMath.newReplicaSetReplicas(d, List.of(shrunk, grown), grown)).isEqualTo(8);
        assertThat(RollingMath.newReplicaSetReplicas(d, List.of(rs(0), rs(9)), rs(9))).isEqualTo(10);
        assertThat(RollingMath.newReplicaSetReplicas(deployment(4, "Recreate", null, null), List.of(rs(4), fresh), fresh))
                .isEqualTo(4);
    }

    @Test
    void proportionalShares() {
        // 10 -> 20 with maxSurge 3: a set of 8 sized for 13 gets round(8*23/13)-8 = 6
        assertThat(RollingMath.proportion(8, 13, 20, 23, 10, 0)).isEqualTo(6);
        // capped by what is left to add
        assertThat(RollingMath.proportion(8, 13, 20, 23, 10, 7)).isEqualTo(3);
        // scaling down: negative shares, never beyond what is left
        assertThat(RollingMath.proportion(8, 13, 5, 7, -6, 0)).isEqualTo(-4);
        assertThat(RollingMath.proportion(8, 13, 5, 7, -6, -5)).isEqualTo(-1);
        // to zero: everything goes
        assertThat(RollingMath.proportion(4, 13, 0, 0, -13, 0)).isEqualTo(-4);
        assertThat(RollingMath.proportion(0, 13, 20, 23, 10, 0)).isZero();
    }
}
