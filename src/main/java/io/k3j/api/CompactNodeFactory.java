package io.k3j.api;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes JSON objects whose members live in a {@link SmallOrderedMap} and arrays whose elements
 * live in a {@link CompactList}, both of which can be frozen; used by {@link Json}'s mapper and helpers.
 */
public final class CompactNodeFactory extends JsonNodeFactory {

    public static final CompactNodeFactory INSTANCE = new CompactNodeFactory();

    private CompactNodeFactory() {
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new SmallOrderedMap());
    }

    @Override
    public ArrayNode arrayNode() {
        return new ArrayNode(this, new CompactList(0));
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
        return new ArrayNode(this, new CompactList(capacity));
    }
}
