package io.k3j.apiserver.apiextensions;

import io.k3j.apiserver.table.Column;
import io.k3j.apiserver.table.HumanDuration;
import io.k3j.apiserver.table.TableConvertor;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Table columns of a custom resource: Name, then the version's additionalPrinterColumns (each
 * a JSON path into the object), or Name and Age when it declares none. Dates print as ages.
 */
final class CustomResourcePrinter implements TableConvertor {

    private record PathColumn(Column column, List<Object> path) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<PathColumn> paths = new ArrayList<>();

    CustomResourcePrinter(JsonNode additionalPrinterColumns) {
        columns.add(Column.ofName());
        if (additionalPrinterColumns == null || additionalPrinterColumns.isEmpty()) {
            PathColumn age = new PathColumn(new Column("Age", "date", "", "CreationTimestamp is a timestamp"
                    + " representing the server time when this object was created.", 0),
                    JsonPaths.parse(".metadata.creationTimestamp"));
            paths.add(age);
            columns.add(age.column());
            return;
        }
        for (JsonNode c : additionalPrinterColumns) {
            List<Object> path = JsonPaths.parse(c.path("jsonPath").asString(""));
            Column col = new Column(c.path("name").asString(""), c.path("type").asString("string"),
                    c.path("format").asString(""), c.path("description").asString(""), c.path("priority").asInt(0));
            columns.add(col);
            paths.add(new PathColumn(col, path == null ? List.of() : path));
        }
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(obj.path("metadata").path("name").asString(""));
        for (PathColumn p : paths) {
            JsonNode v = p.path().isEmpty() ? null : JsonPaths.get(obj, p.path());
            cells.add(cell(v, p.column().type(), now));
        }
        return cells;
    }

    private static Object cell(JsonNode v, String type, Instant now) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "date".equals(type) ? "<unknown>" : "";
        }
        if ("date".equals(type) && v.isString()) {
            try {
                return HumanDuration.format(Duration.between(Instant.parse(v.asString()), now));
            } catch (DateTimeParseException e) {
                return v.asString();
            }
        }
        if (v.isNumber()) {
            return "integer".equals(type) ? (Object) v.asLong() : (Object) v.numberValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.isString() ? v.asString() : v.toString();
    }
}
