package io.k3j.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * Told about every write a store has committed (never about dry runs or failed writes), on the
 * writing thread: implementations must be quick (enqueue work) and must not throw.
 */
@FunctionalInterface
public interface WriteObserver {

    /**
     * {@code before} is null on create, {@code after} null when the object is gone; {@code
     * subresource} is null or "status".
     */
    void written(ResourceType type, String namespace, String name, String subresource, ObjectNode before,
                 ObjectNode after);
}
