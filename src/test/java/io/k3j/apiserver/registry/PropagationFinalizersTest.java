package io.k3j.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PropagationFinalizersTest {

    private static ObjectNode meta(String json) {
        return (ObjectNode) Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePolicyDecidesTheGarbageCollectorsFinalizersAndKeepsOthers() {
        ObjectNode m = meta("{\"finalizers\":[\"example.com/keep\",\"foregroundDeletion\"]}");
        assertThat(PropagationFinalizers.apply(m, "Orphan", false)).isTrue();
        assertThat(Json.string(m.get("finalizers"))).isEqualTo("[\"example.com/keep\",\"orphan\"]");
        assertThat(PropagationFinalizers.apply(m, "Orphan", false)).isFalse();
        assertThat(PropagationFinalizers.apply(m, "Foreground", false)).isTrue();
        assertThat(Json.string(m.get("finalizers"))).isEqualTo("[\"example.com/keep\",\"foregroundDeletion\"]");
        assertThat(PropagationFinalizers.apply(m, "Background", false)).isTrue();
        assertThat(Json.string(m.get("finalizers"))).isEqualTo("[\"example.com/keep\"]");

        ObjectNode none = meta("{\"finalizers\":[\"orphan\"]}");
        assertThat(PropagationFinalizers.apply(none, "Background", false)).isTrue();
        assertThat(none.has("finalizers")).isFalse();
    }

    @Test
    void withoutAPolicyWhatIsThereStaysAndLegacyKindsOrphan() {
        ObjectNode plain = meta("{}");
        assertThat(PropagationFinalizers.apply(plain, null, false)).isFalse();
        assertThat(plain.has("finalizers")).isFalse();
        ObjectNode rc = meta("{}");
        assertThat(PropagationFinalizers.apply(rc, null, true)).isTrue();
        assertThat(Json.string(rc.get("finalizers"))).isEqualTo("[\"orphan\"]");
        ObjectNode marked = meta("{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"}");
        assertThat(PropagationFinalizers.apply(marked, null, true)).as("already deleting").isFalse();
        ObjectNode foreground = meta("{\"finalizers\":[\"foregroundDeletion\"]}");
        assertThat(PropagationFinalizers.apply(foreground, null, true)).isFalse();
    }
}
