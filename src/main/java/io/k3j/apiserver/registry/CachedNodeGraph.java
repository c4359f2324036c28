package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.apiserver.authz.NodeGraph;
import io.k3j.apiserver.watch.CachedObject;
import io.k3j.apiserver.watch.WatchFilter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node authorizer's view of pods and the objects they use, read from the registry's watch
 * caches; a single object missing from its cache is read from the datastore, so an object
 * created a moment ago is not mistaken for an absent one. Thread-safe; the objects returned must not be modified.
 */
public final class CachedNodeGraph implements NodeGraph {

    private final Registry registry;

    public CachedNodeGraph(Registry registry) {
        this.registry = registry;
    }

    @Override
    public List<ObjectNode> pods(String namespace) {
        GenericStore pods = registry.core("pods");
        List<ObjectNode> out = new ArrayList<>();
        for (CachedObject o : pods.cache().list(pods.type().prefix(namespace), null, 0,
                WatchFilter.ALL).items()) {
            out.add(o.object());
        }
        return out;
    }

    @Override
    public ObjectNode find(String group, String resource, String namespace, String name) {
        GenericStore store = group.isEmpty() ? registry.core(resource) : registry.store(group, "v1", resource);
        if (store == null) {
            return null;
        }
        String ns = store.type().namespaced() ? namespace : null;
        CachedObject o = store.cache().get(store.type().key(ns, name));
        if (o != null) {
            return o.object();
        }
        try {
            return store.get(ns, name); // created a moment ago, not in the cache yet
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }
}
