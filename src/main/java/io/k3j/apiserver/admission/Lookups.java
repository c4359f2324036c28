package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.watch.CachedObject;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Reads admission plugins make of other objects. The objects returned are shared: read, never change them. */
final class Lookups {

    private Lookups() {
    }

    /** Every object of {@code store} in {@code namespace} (null: all), from a cache consistent with the datastore. */
    static List<ObjectNode> list(GenericStore store, String namespace) {
        return store.list(namespace, ListOptions.all()).items();
    }

    /** One object from the cache, else read from the datastore (an object just created); null when absent. */
    static ObjectNode find(GenericStore store, String namespace, String name) {
        CachedObject cached = store.cache().get(store.type().key(namespace, name));
        if (cached != null) {
            return cached.object();
        }
        try {
            return store.get(namespace, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }
}
