package io.k3j.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The shared JSON mapper and small tree helpers. Thread-safe. */
public final class Json {

    /** With a bounded table of shared property names (see {@link BoundedNameJsonFactory}). */
    public static final JsonMapper MAPPER = JsonMapper.builder(new BoundedNameJsonFactory()).build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
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

    /** Parses stored bytes, which are always an object. */
    public static ObjectNode readStored(byte[] value) {
        return (ObjectNode) tree(value);
    }
}
