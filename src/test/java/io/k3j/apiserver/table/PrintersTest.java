package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PrintersTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void humanDurationsFollowUpstream() {
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.format(Duration.ofMillis(-500))).isEqualTo("0s");
        assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.format(Duration.ofSeconds(185))).isEqualTo("3m5s");
        assertThat(HumanDuration.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(HumanDuration.format(Duration.ofMinutes(150))).isEqualTo("150m");
        assertThat(HumanDuration.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.format(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.format(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(HumanDuration.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(HumanDuration.format(Duration.ofDays(800))).isEqualTo("2y70d");
        assertThat(HumanDuration.format(Duration.ofDays(3650))).isEqualTo("10y");
    }

    @Test
    void eventsShowLastSeenObjectAndMessage() {
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree("""
                {"metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"web-1"},"reason":"Pulled",
                 "message":" Image pulled ","type":"Normal","count":3,"source":{"component":"kubelet","host":"n1"},
                 "firstTimestamp":"2026-11-27T11:00:00Z","lastTimestamp":"2026-11-27T11:58:00Z"}""");
        TableConvertor p = Printers.forResource("events");
        assertThat(p.columns()).extracting(Column::name).startsWith("Last Seen", "Type", "Reason", "Object");
        assertThat(p.cells(e, NOW)).containsExactly("2m", "Normal", "Pulled", "pod/web-1", "", "kubelet, n1",
                "Image pulled", "60m", 3, "e1");
    }

    @Test
    void jobsShowStatusCompletionsAndDuration() {
        ObjectNode job = (ObjectNode) Json.MAPPER.readTree("""
                {"metadata":{"name":"j","creationTimestamp":"2026-11-27T11:00:00Z"},
                 "spec":{"completions":2,"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}},
                 "status":{"succeeded":2,"startTime":"2026-11-27T11:00:00Z","completionTime":"2026-11-27T11:00:30Z",
                  "conditions":[{"type":"Complete","status":"True"}]}}""");
        assertThat(Printers.forResource("jobs.batch").cells(job, NOW)).startsWith("j", "Complete", "2/2", "30s", "60m");
    }

    @Test
    void unknownKindsGetNameAndAge() {
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"x\",\"creationTimestamp\":"
                + "\"2026-11-27T11:59:30Z\"}}");
        assertThat(Printers.forResource("widgets.example.com").cells(o, NOW)).containsExactly("x", "30s");
    }
}
