package io.k3j.apiserver.registry.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Test helpers: JSON literals, the generic store's create steps, and causes as "field: message" lines. */
final class Fixtures {

    static final String UID = "6b3c2f1e-0d4a-4c5b-9e8f-1a2b3c4d5e6f";

    /** The pod spec upstream's defaulting produces for one container "c" running image "nginx:1.27". */
    static final String DEFAULTED_POD_SPEC = """
            {"containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","resources":{},
              "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
             "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
             "securityContext":{},"terminationGracePeriodSeconds":30}""";

    private Fixtures() {
    }

    static ObjectNode obj(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the generic store does before prepareForCreate: uid, creationTimestamp, generation. */
    static ObjectNode created(Strategy strategy, String json) {
        ObjectNode o = obj(json);
        ObjectNode meta = (ObjectNode) o.get("metadata");
        meta.put("uid", UID);
        meta.put("creationTimestamp", "2025-01-01T00:00:00Z");
        if (o.has("spec")) {
            meta.put("generation", 1);
        }
        strategy.prepareForCreate(o);
        return o;
    }

    /** Compares JSON trees ignoring member order (the message shows both sorted). */
    static void assertSameJson(JsonNode actual, String expected) {
        JsonNode want = obj("{\"v\":" + expected + "}").get("v");
        assertThat(Json.string(sorted(actual))).isEqualTo(Json.string(sorted(want)));
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.object();
            n.properties().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        } else if (n.isArray()) {
            ArrayNode out = Json.object().arrayNode();
            n.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return n;
    }

    /** The causes as "field: message" lines, as upstream's aggregate error prints them. */
    static List<String> lines(List<Status.Cause> causes) {
        return causes.stream().map(c -> c.field() + ": " + c.message()).toList();
    }

    static List<String> reasons(List<Status.Cause> causes) {
        return causes.stream().map(Status.Cause::reason).toList();
    }
}
