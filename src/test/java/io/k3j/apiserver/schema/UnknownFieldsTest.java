package io.k3j.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Unknown members are found at every depth, reported by path and removed. */
class UnknownFieldsTest {

    private static final Schema SCHEMA = Schema.parse("test", """
            package t.v1
            type Thing
              metadata Meta 1
              spec Spec 2
            type Meta
              name string 1
              labels map[string] 2
            type Spec
              containers []Container 1
              byName map[Container] 2
              raw RawExtension 3
            type Container
              name string 1
            """);

    @Test
    void unknownMembersAreRemovedAndReportedWithTheirPaths() {
        ObjectNode o = Json.parseObject("""
                {"apiVersion":"t/v1","kind":"Thing","extra":1,
                 "metadata":{"name":"a","labels":{"free":"form"},"bogus":true},
                 "spec":{"containers":[{"name":"c"},{"name":"d","image":"x"}],
                   "byName":{"k":{"name":"e","port":1}},"raw":{"anything":{"goes":1}}}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(UnknownFields.prune(o, SCHEMA.type("t.v1.Thing"), SCHEMA)).containsExactly("extra",
                "metadata.bogus", "spec.containers[1].image", "spec.byName[k].port");
        assertThat(o).isEqualTo(Json.parseObject("""
                {"apiVersion":"t/v1","kind":"Thing","metadata":{"name":"a","labels":{"free":"form"}},
                 "spec":{"containers":[{"name":"c"},{"name":"d"}],"byName":{"k":{"name":"e"}},
                   "raw":{"anything":{"goes":1}}}}
                """.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKnownObjectIsLeftAlone() {
        ObjectNode o = Json.parseObject("{\"metadata\":{\"name\":\"a\"},\"spec\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(UnknownFields.prune(o, SCHEMA.type("t.v1.Thing"), SCHEMA)).isEmpty();
        assertThat(o.toString()).isEqualTo("{\"metadata\":{\"name\":\"a\"},\"spec\":{}}");
    }

    @Test
    void removedMembersAreListedByPath() {
        ObjectNode before = Json.parseObject("""
                {"spec":{"a":1,"b":{"c":2,"d":3},"items":[{"x":1,"y":2}]},"extra":true}
                """.getBytes(StandardCharsets.UTF_8));
        ObjectNode after = Json.parseObject("""
                {"spec":{"a":1,"b":{"c":2},"items":[{"x":1}]}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(UnknownFields.removed(before, after)).containsExactly("spec.b.d", "spec.items[0].y", "extra");
    }
}
