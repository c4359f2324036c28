package io.k3j.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.controllers.endpoint.EndpointsBuilderTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SlicePlannerTest {

    static ObjectNode service() {
        ObjectNode svc = EndpointsBuilderTest.service(false, "10.43.0.5");
        ((ObjectNode) svc.get("metadata")).put("uid", "svc-uid");
        return svc;
    }

    /** The result's creates as they would exist after the server named them. */
    static List<ObjectNode> named(List<ObjectNode> created) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            ObjectNode s = created.get(i).deepCopy();
            ((ObjectNode) s.get("metadata")).put("name", "web-" + i).put("resourceVersion", "1");
            out.add(s);
        }
        return out;
    }

    @Test
    void terminatingPodsStayWithTheirConditions() {
        ObjectNode terminating = EndpointsBuilderTest.pod("t", "10.0.0.3", true);
        ((ObjectNode) terminating.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
        SlicePlanner.Result r = SlicePlanner.plan(service(), List.of(EndpointsBuilderTest.pod("a", "10.0.0.1", true),
                terminating), List.of(), n -> "zone-a", 100);
        assertThat(r.create()).hasSize(1);
        ObjectNode slice = r.create().getFirst();
        assertThat(slice.path("addressType").asString()).isEqualTo("IPv4");
        assertThat(slice.path("metadata").path("generateName").asString()).isEqualTo("web-");
        assertThat(slice.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(slice.path("ports").get(0).path("name").asString()).isEqualTo("http");
        JsonNode t = slice.path("endpoints").get(1);
        assertThat(t.path("targetRef").path("name").asString()).isEqualTo("t");
        assertThat(t.path("conditions").path("ready").asBoolean()).isFalse();
        assertThat(t.path("conditions").path("serving").asBoolean()).isTrue();
        assertThat(t.path("conditions").path("terminating").asBoolean()).isTrue();
        assertThat(t.path("zone").asString()).isEqualTo("zone-a");
    }

    @Test
    void aServiceWithoutPodsKeepsOnePlaceholder() {
        SlicePlanner.Result r = SlicePlanner.plan(service(), List.of(), List.of(), n -> null, 100);
        assertThat(r.create()).singleElement().satisfies(s -> assertThat(s.path("endpoints").isEmpty()).isTrue());
        SlicePlanner.Result again = SlicePlanner.plan(service(), List.of(), named(r.create()), n -> null, 100);
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void aRepeatedPlanOverItsOwnResultWritesNothing() {
        List<ObjectNode> pods = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pods.add(EndpointsBuilderTest.pod("p" + i, "10.1." + i / 200 + "." + i % 200, i % 3 != 0));
        }
        SlicePlanner.Result r = SlicePlanner.plan(service(), pods, List.of(), n -> null, 100);
        assertThat(r.create()).extracting(s -> s.path("endpoints").size()).containsExactly(100, 100, 50);
        List<ObjectNode> existing = named(r.create());
        assertThat(SlicePlanner.plan(service(), pods, existing, n -> null, 100).isEmpty()).isTrue();
        // the last pods gone: only the slice holding them changes
        SlicePlanner.Result shrunk = SlicePlanner.plan(service(), pods.subList(0, 240), existing, n -> null, 100);
        assertThat(shrunk.create()).isEmpty();
        assertThat(shrunk.delete()).isEmpty();
        assertThat(shrunk.update()).singleElement().satisfies(s -> assertThat(s.path("endpoints").size()).isEqualTo(40));
        // all pods gone: one slice becomes the placeholder, the others go
        SlicePlanner.Result none = SlicePlanner.plan(service(), List.of(), existing, n -> null, 100);
        assertThat(none.create()).isEmpty();
        assertThat(none.update()).singleElement().satisfies(s -> assertThat(s.path("endpoints").isEmpty()).isTrue());
        assertThat(none.delete()).hasSize(2);
    }
}
