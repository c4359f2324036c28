package io.k3j.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The shared JSON mapper and small tree helpers. Thread-safe. */
public final class Json {

    /** With a bounded table of shared property names (see {@link BoundedNameJsonFactory}). */
    public static final JsonMapper MAPPER = JsonMapper.builder(new BoundedNameJsonFactory())
            .nodeFactory(CompactNodeFactory.INSTANCE).build();

    private Json() {
    }

    public static ObjectNode object() {
        return CompactNodeFactory.INSTANCE.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String string(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON; malformed input raises Jackson's exception, empty input gives a missing node. */
    public static JsonNode tree(byte[] json) {
        return MAPPER.readTree(json);
    }

    /** Parses JSON; malformed input raises a 400 {@link ApiException}. */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode node = tree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(Status.badRequest("the request body is empty"));
            }
            return node;
        } catch (JacksonException e) {
            throw new ApiException(Status.badRequest("invalid JSON in request body: " + e.getOriginalMessage()));
        }
    }

    /** Parses a JSON object; anything else raises a 400 {@link ApiException}. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!(node instanceof ObjectNode o)) {
            throw new ApiException(Status.badRequest("the request body must be a JSON object"));
        }
        return o;
    }

    /**
     * A copy of {@code object} equal to what parsing its JSON gives back: numbers as the
     * parser reads them (int when they fit, then long, then big integer), strings and other
     * values shared. Null when that cannot be promised cheaply (floats, big decimals, NaN, binary
     * or POJO values): the caller then parses the JSON. The top level and its {@code metadata}
     * are new; frozen subtrees below them are shared rather than copied, since every frozen tree
     * was read from JSON or already made by this method (see {@link #freeze}).
     */
    public static ObjectNode reparsedCopy(ObjectNode object) {
        ObjectNode copy = object();
        for (java.util.Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getKey().equals("metadata") && e.getValue() instanceof ObjectNode meta
                    ? reparsedMembers(meta) : reparsed(e.getValue());
            if (v == null) {
                return null;
            }
            copy.set(e.getKey(), v);
        }
        return copy;
    }

    private static ObjectNode reparsedMembers(ObjectNode node) {
        ObjectNode copy = object();
        for (java.util.Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = reparsed(e.getValue());
            if (v == null) {
                return null;
            }
            copy.set(e.getKey(), v);
        }
        return copy;
    }

    private static JsonNode reparsed(JsonNode node) {
        if (frozen(node)) {
            return node;
        }
        if (node.isObject()) {
            return reparsedMembers((ObjectNode) node);
        }
        if (node.isArray()) {
            tools.jackson.databind.node.ArrayNode copy = CompactNodeFactory.INSTANCE.arrayNode(node.size());
            for (JsonNode element : node) {
                JsonNode v = reparsed(element);
                if (v == null) {
                    return null;
                }
                copy.add(v);
            }
            return copy;
        }
        if (node.isString() || node.isBoolean() || node.isNull() || node.isInt()) {
            return node;
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return CompactNodeFactory.INSTANCE.numberNode(node.intValue());
            }
            if (node.canConvertToLong()) {
                return node.isLong() ? node : CompactNodeFactory.INSTANCE.numberNode(node.longValue());
            }
            return node.isBigInteger() ? node : null;
        }
        if (node.isDouble() && Double.isFinite(node.doubleValue())) {
            return node;
        }
        return null;
    }

    /**
     * Freezes a tree made by this class's mapper or factory so that it can be shared: any later
     * change to one of its objects or arrays throws {@link UnsupportedOperationException}
     * (objects and arrays made otherwise stay as they are). Freeze only trees that equal their
     * JSON's parse (read from JSON, or made by {@link #reparsedCopy}): copies share them as such.
     * A frozen object's members are frozen, so the walk stops at frozen subtrees. Returns
     * {@code node}.
     */
    public static <T extends JsonNode> T freeze(T node) {
        if (node.isContainer() && !frozen(node)) {
            for (JsonNode child : node) {
                freeze(child);
            }
            if (node instanceof ObjectNode object && SmallOrderedMap.of(object) instanceof SmallOrderedMap map) {
                map.freeze();
            } else if (node instanceof tools.jackson.databind.node.ArrayNode array
                    && CompactList.of(array) instanceof CompactList list) {
                list.freeze();
            }
        }
        return node;
    }

    /** A new object holding the same member nodes as {@code object} (frozen ones stay frozen). */
    public static ObjectNode shallowCopy(ObjectNode object) {
        ObjectNode copy = object();
        for (java.util.Map.Entry<String, JsonNode> e : object.properties()) {
            copy.set(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** Numbers equal by value (an int and a long of the same value), anything else by equals. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().equals(b.bigIntegerValue()) ? 0 : 1;
        }
        if (a.isNumber() && b.isNumber() && !a.isIntegralNumber() && !b.isIntegralNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return 1;
    };

    /**
     * Whether two trees hold the same JSON: as {@code equals}, except that integers are compared
     * by value, so that a tree built in code ({@code put(name, 5L)} makes a long) equals the same
     * tree read back from its JSON (an int). Null equals only null.
     */
    public static boolean sameJson(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    /** Whether {@code node} is an object or array frozen by {@link #freeze}. */
    public static boolean frozen(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return SmallOrderedMap.of(object) instanceof SmallOrderedMap map && map.frozen();
        }
        return node instanceof tools.jackson.databind.node.ArrayNode array
                && CompactList.of(array) instanceof CompactList list && list.frozen();
    }

    /** Parses stored bytes, which are always an object. */
    public static ObjectNode readStored(byte[] value) {
        return (ObjectNode) tree(value);
    }
}
