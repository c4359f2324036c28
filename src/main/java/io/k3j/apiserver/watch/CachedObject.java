package io.k3j.apiserver.watch;

import io.k3j.api.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object version held by a {@link WatchCache}: the parsed object (its resourceVersion set)
 * and its JSON encoding, made on first use and shared by every reader. The object is frozen
 * ({@link Json#freeze}): callers that need to change it take a {@code deepCopy()}.
 */
public final class CachedObject {

    private final String key;
    private final ObjectNode object;
    private final long revision;
    private volatile byte[] json;

    public CachedObject(String key, ObjectNode object, long revision) {
        this.key = key;
        this.object = Json.freeze(object);
        this.revision = revision;
    }

    public String key() {
        return key;
    }

    public ObjectNode object() {
        return object;
    }

    public long revision() {
        return revision;
    }

    public byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = Json.bytes(object);
            json = j;
        }
        return j;
    }
}
