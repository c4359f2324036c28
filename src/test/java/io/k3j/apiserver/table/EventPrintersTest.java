package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventPrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void eventsV1PrintLikeCoreEventsFromTheirOwnFields() {
        TableConvertor p = Printers.forResource("events.events.k8s.io");
        assertThat(p.columns()).isEqualTo(Printers.forResource("events").columns());
        assertThat(p.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
        assertThat(p.columns().getLast().format()).isEqualTo("name");
        ObjectNode e = obj("""
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web-1.abc"},
                 "eventTime":"2026-11-27T11:50:00.000000Z","reportingController":"kubelet","reportingInstance":"n1",
                 "action":"Pulling","reason":"Pulled","type":"Normal","note":"Successfully pulled image ",
                 "regarding":{"kind":"Pod","name":"web-1","fieldPath":"spec.containers{web}"},
                 "series":{"count":4,"lastObservedTime":"2026-11-27T11:59:00.000000Z"}}""");
        assertThat(p.cells(e, NOW)).containsExactly("60s", "Normal", "Pulled", "pod/web-1", "spec.containers{web}",
                "kubelet, n1", "Successfully pulled image", "10m", 4, "web-1.abc");
    }

    @Test
    void coreEventsFallBackToEventTimeAndReportingFields() {
        ObjectNode e = obj("""
                {"metadata":{"name":"n.1"},"eventTime":"2026-11-27T11:57:00.123456Z",
                 "reportingComponent":"node-controller","involvedObject":{"kind":"Node"},
                 "reason":"RegisteredNode","type":"Normal","message":"registered"}""");
        assertThat(Printers.forResource("events").cells(e, NOW)).containsExactly("2m59s", "Normal", "RegisteredNode",
                "node", "", "node-controller", "registered", "2m59s", 1, "n.1");
    }
}
