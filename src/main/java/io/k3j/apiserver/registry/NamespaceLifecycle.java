package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.apiserver.watch.WatchEvent;
import io.k3j.storage.KeyNotFoundException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finishes namespace deletion: when a namespace is marked Terminating, deletes every namespaced
 * object in it, then the namespace itself (the namespace controller's job in upstream, done
 * here in-process), through a {@link StoreWorker}; idempotent per namespace.
 */
public final class NamespaceLifecycle implements AutoCloseable {

    private final Registry registry;
    private StoreWorker worker;

    public NamespaceLifecycle(Registry registry) {
        this.registry = registry;
    }

    public void start() {
        worker = new StoreWorker("namespace-lifecycle", registry.core("namespaces"),
                e -> e.type() != WatchEvent.Type.DELETED && Meta.isDeleting(e.object().object()), this::finish);
        worker.start();
    }

    private void finish(String ns) {
        GenericStore namespaces = registry.core("namespaces");
        ObjectNode current;
        try {
            current = namespaces.get(null, ns);
        } catch (ApiException gone) {
            return;
        }
        if (!Meta.isDeleting(current)) {
            return;
        }
        for (GenericStore s : registry.stores()) {
            if (!s.type().namespaced()) {
                continue;
            }
            for (ObjectNode o : s.list(ns, ListOptions.all()).items()) {
                try {
                    s.delete(ns, Meta.name(o), DeleteOptions.defaults());
                } catch (ApiException e) {
                    if (e.status().code() != 404) {
                        throw e;
                    }
                }
            }
            if (!s.list(ns, ListOptions.all()).items().isEmpty()) {
                throw new IllegalStateException(s.type().resource() + " remain in namespace " + ns);
            }
        }
        try {
            registry.backend().delete(namespaces.type().key(null, ns), 0);
        } catch (KeyNotFoundException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
