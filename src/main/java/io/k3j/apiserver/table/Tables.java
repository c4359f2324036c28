package io.k3j.apiserver.table;

import io.k3j.api.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds meta.k8s.io Table objects and PartialObjectMetadata views. Stateless. */
public final class Tables {

    /** What each Table row carries in its "object" field (the includeObject parameter). */
    public enum IncludeObject { NONE, METADATA, OBJECT }

    private Tables() {
    }

    public static ObjectNode table(String apiVersion, TableConvertor printer, List<ObjectNode> objects,
                                   boolean withColumns, IncludeObject include, ObjectNode listMeta, Instant now) {
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", apiVersion);
        t.set("metadata", listMeta == null ? Json.object() : listMeta);
        ArrayNode cols = t.putArray("columnDefinitions");
        if (withColumns) {
            for (Column c : printer.columns()) {
                ObjectNode cn = cols.addObject();
                cn.put("name", c.name());
                cn.put("type", c.type());
                cn.put("format", c.format());
                cn.put("description", c.description());
                cn.put("priority", c.priority());
            }
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : printer.cells(o, now)) {
                switch (cell) {
                    case Integer i -> cells.add(i);
                    case Long l -> cells.add(l);
                    case Boolean b -> cells.add(b);
                    default -> cells.add(String.valueOf(cell));
                }
            }
            switch (include) {
                case OBJECT -> row.set("object", o);
                case METADATA -> row.set("object", partial(o, "meta.k8s.io/v1"));
                case NONE -> { }
            }
        }
        return t;
    }

    /** The PartialObjectMetadata view of an object. */
    public static ObjectNode partial(ObjectNode o, String apiVersion) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", apiVersion);
        JsonNode meta = o.get("metadata");
        p.set("metadata", meta == null ? Json.object() : meta);
        return p;
    }
}
