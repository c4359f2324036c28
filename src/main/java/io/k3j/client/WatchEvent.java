package io.k3j.client;

import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a watch: ADDED, MODIFIED, DELETED or BOOKMARK (whose object carries only the
 * resourceVersion). The server's ERROR events never appear here: they end the {@link Watch}
 * with an {@link io.k3j.api.ApiException}.
 */
public record WatchEvent(Type type, ObjectNode object) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }
}
