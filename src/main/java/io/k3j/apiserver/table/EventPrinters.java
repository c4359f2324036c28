package io.k3j.apiserver.table;

import io.k3j.apiserver.table.Printers.Printer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's table for events, shared by core/v1 and events.k8s.io/v1: both print the same columns, read from
 * each version's own field names.
 */
final class EventPrinters {

    private EventPrinters() {
    }

    /** Where each version keeps the fields the event columns show. */
    private record Fields(String first, String last, String count, String regarding, String message, String source,
                          String controller) {
    }

    private static final Fields CORE = new Fields("firstTimestamp", "lastTimestamp", "count", "involvedObject",
            "message", "source", "reportingComponent");
    private static final Fields EVENTS_V1 = new Fields("deprecatedFirstTimestamp", "deprecatedLastTimestamp",
            "deprecatedCount", "regarding", "note", "deprecatedSource", "reportingController");

    private static final List<Column> COLUMNS = List.of(
            Column.ofString("Last Seen", "Time when last event occurred"),
            Column.ofString("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
            Column.ofString("Reason", "The reason this event is generated."),
            Column.ofString("Object", "The object that this event is about."),
            Column.ofWide("Subobject", "The subobject that this event is about."),
            Column.ofWide("Source", "The component reporting this event."),
            Column.ofString("Message", "A human-readable description of the status of this operation."),
            Column.ofWide("First Seen", "Time when first event occurred"),
            Column.ofWide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", "Name must be unique within a namespace.", 1));

    static Map<String, TableConvertor> all() {
        return Map.of(
                "events", new Printer(COLUMNS, (o, now) -> cells(o, now, CORE)),
                "events.events.k8s.io", new Printer(COLUMNS, (o, now) -> cells(o, now, EVENTS_V1)));
    }

    private static List<Object> cells(ObjectNode o, Instant now, Fields f) {
        String firstTs = o.path(f.first()).asString("");
        String first = Cells.since(firstTs.isEmpty() ? o.path("eventTime").asString("") : firstTs, now);
        String lastTs = o.path(f.last()).asString("");
        String last = lastTs.isEmpty() ? first : Cells.since(lastTs, now);
        int count = o.path(f.count()).asInt(0);
        JsonNode series = o.path("series");
        if (series.isObject()) {
            last = Cells.since(series.path("lastObservedTime").asString(""), now);
            count = series.path("count").asInt(0);
        } else if (count == 0) {
            count = 1; // singleton events carry no count in the newer API
        }
        JsonNode regarding = o.path(f.regarding());
        String kind = regarding.path("kind").asString("").toLowerCase(Locale.ROOT);
        String name = regarding.path("name").asString("");
        String component = firstNonEmpty(o.path(f.source()).path("component").asString(""),
                o.path(f.controller()).asString(""));
        String host = firstNonEmpty(o.path(f.source()).path("host").asString(""),
                o.path("reportingInstance").asString(""));
        List<Object> cells = new ArrayList<>();
        cells.add(last);
        cells.add(o.path("type").asString(""));
        cells.add(o.path("reason").asString(""));
        cells.add(name.isEmpty() ? kind : kind + "/" + name);
        cells.add(regarding.path("fieldPath").asString(""));
        cells.add(host.isEmpty() ? component : component + ", " + host);
        cells.add(o.path(f.message()).asString("").strip());
        cells.add(first);
        cells.add(count);
        cells.add(Cells.name(o));
        return cells;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
