package io.k3j.api;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Makes JSON objects whose members live in a {@link SmallOrderedMap}; used by {@link Json}'s mapper and helpers. */
public final class CompactNodeFactory extends JsonNodeFactory {

    public static final CompactNodeFactory INSTANCE = new CompactNodeFactory();

    private CompactNodeFactory() {
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new SmallOrderedMap());
    }
}
