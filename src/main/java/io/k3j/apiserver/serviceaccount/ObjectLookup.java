package io.k3j.apiserver.serviceaccount;

import io.k3j.api.ApiException;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.watch.CachedObject;
import tools.jackson.databind.node.ObjectNode;

/** Reads core/v1 objects for token checks; objects returned are shared: never change them. */
@FunctionalInterface
public interface ObjectLookup {

    /** The object of core resource {@code resource} (e.g. pods), or null when absent. */
    ObjectNode find(String resource, String namespace, String name);

    /** From the registry's watch caches, falling back to a read for an object created a moment ago. */
    static ObjectLookup of(Registry registry) {
        return (resource, namespace, name) -> {
            GenericStore store = registry.core(resource);
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
        };
    }
}
