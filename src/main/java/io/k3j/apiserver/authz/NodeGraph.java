package io.k3j.apiserver.authz;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link NodeAuthorizer} reads to relate a node to the objects it asks for (upstream keeps a
 * graph of pods, their node and what they reference; this reads the same facts from stored
 * objects). Objects are returned as stored and must not be modified. Implementations are
 * thread-safe; each call may see a different point in time.
 */
public interface NodeGraph {

    /** The pods of {@code namespace}, or of every namespace when it is null. */
    List<ObjectNode> pods(String namespace);

    /** The stored object, or null when there is none. */
    ObjectNode find(String group, String resource, String namespace, String name);
}
