package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.watch.CachedObject;
import io.k3j.apiserver.watch.WatchCache;
import io.k3j.storage.Backend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every served resource and its store, looked up by group, version and plural name. The
 * built-in resources are registered at construction and their watch caches loaded by
 * {@link #start}; custom resources come and go with {@link #register} and {@link #unregister}.
 * Thread-safe: readers see an immutable snapshot of the stores.
 */
public final class Registry implements NamespaceCheck, AutoCloseable {

    private volatile Map<String, GenericStore> stores = new LinkedHashMap<>();
    private final Backend backend;
    private final Clock clock;

    public Registry(Backend backend, Clock clock, List<ResourceType> types) {
        this.backend = backend;
        this.clock = clock;
        Map<String, GenericStore> all = new LinkedHashMap<>();
        for (ResourceType t : types) {
            all.put(id(t.group(), t.version(), t.resource()), newStore(t));
        }
        stores = all;
    }

    private GenericStore newStore(ResourceType t) {
        return new GenericStore(t, backend, new WatchCache(backend, t.keyPrefix(), 4096, 10_000), this, clock);
    }

    /**
     * Serves a resource from now on (its watch cache loaded first), replacing an earlier
     * registration of the same group, version and plural name; returns its store.
     */
    public synchronized GenericStore register(ResourceType t) {
        GenericStore store = newStore(t);
        store.cache().start();
        Map<String, GenericStore> next = new LinkedHashMap<>(stores);
        GenericStore old = next.put(id(t.group(), t.version(), t.resource()), store);
        stores = next;
        if (old != null) {
            old.cache().close();
        }
        return store;
    }

    /** Stops serving a resource registered with {@link #register}. */
    public synchronized void unregister(String group, String version, String resource) {
        Map<String, GenericStore> next = new LinkedHashMap<>(stores);
        GenericStore old = next.remove(id(group, version, resource));
        if (old != null) {
            stores = next;
            old.cache().close();
        }
    }

    private static String id(String group, String version, String resource) {
        return group + "/" + version + "/" + resource;
    }

    public void start() {
        for (GenericStore s : stores.values()) {
            s.cache().start();
        }
    }

    /** The store of a resource, or null. */
    public GenericStore store(String group, String version, String resource) {
        return stores.get(id(group, version, resource));
    }

    public GenericStore core(String resource) {
        return store("", "v1", resource);
    }

    public Collection<GenericStore> stores() {
        return stores.values();
    }

    /** Served group versions in discovery order: "v1" first, then groups in registration order. */
    public List<String> groupVersions() {
        List<String> out = new ArrayList<>();
        for (GenericStore s : stores.values()) {
            String gv = s.type().apiVersion();
            if (!out.contains(gv)) {
                out.add(gv);
            }
        }
        return out;
    }

    public Backend backend() {
        return backend;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void checkCanCreateIn(String namespace) {
        GenericStore ns = core("namespaces");
        // the cache answers almost always; a namespace it has not seen yet is read live, as
        // upstream's lifecycle admission does
        CachedObject cached = ns.cache().get(ns.type().key(null, namespace));
        ObjectNode o = cached != null ? cached.object() : ns.get(null, namespace);
        if (Meta.isDeleting(o)) {
            throw new ApiException(new Status(403, "Forbidden", "unable to create new content in namespace "
                    + namespace + " because it is being terminated",
                    new Status.Details(namespace, "", "namespaces", List.of(new Status.Cause("NamespaceTerminating",
                            "namespace " + namespace + " is being terminated", "metadata.namespace")), null)));
        }
    }

    @Override
    public void close() {
        for (GenericStore s : stores.values()) {
            s.cache().close();
        }
    }
}
