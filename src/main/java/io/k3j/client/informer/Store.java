package io.k3j.client.informer;

import io.k3j.api.Meta;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local cache of objects keyed {@code namespace/name} (or {@code name} for cluster-scoped
 * objects), as upstream's cache.Store. Callers must not modify objects they get from a store.
 */
public interface Store {

    /** Upstream's MetaNamespaceKeyFunc. */
    static String key(ObjectNode object) {
        String ns = Meta.namespace(object);
        String name = Meta.name(object);
        return ns == null || ns.isEmpty() ? name : ns + "/" + name;
    }

    /** Adds or replaces; returns the object it replaced, if any. */
    Optional<ObjectNode> add(ObjectNode object);

    /** Removes the object with {@code object}'s key; returns what was stored, if any. */
    Optional<ObjectNode> delete(ObjectNode object);

    Optional<ObjectNode> get(String key);

    List<ObjectNode> list();

    List<String> listKeys();

    /** Replaces the whole content atomically. */
    void replace(List<ObjectNode> objects);
}
