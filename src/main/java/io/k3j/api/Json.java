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
     * A deep copy of {@code object} equal to what parsing its JSON gives back: numbers as the
     * parser reads them (int when they fit, then long, then big integer), strings and other
     * values shared. Null when that cannot be promised cheaply (floats, big decimals, NaN, binary
     * or POJO values): the caller then parses the JSON.
     */
    public static ObjectNode reparsedCopy(ObjectNode object) {
        return (ObjectNode) reparsed(object);
    }

    private static JsonNode reparsed(JsonNode node) {
        if (node.isObject()) {
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

    /** Parses stored bytes, which are always an object. */
    public static ObjectNode readStored(byte[] value) {
        return (ObjectNode) tree(value);
    }
}
