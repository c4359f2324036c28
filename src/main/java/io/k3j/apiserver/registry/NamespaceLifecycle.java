package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.apiserver.watch.CacheWatcher;
import io.k3j.apiserver.watch.WatchEvent;
import io.k3j.apiserver.watch.WatchSink;
import io.k3j.storage.KeyNotFoundException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finishes namespace deletion: when a namespace is marked Terminating, deletes every namespaced
 * object in it, then the namespace itself (the namespace controller's job in upstream, done
 * here in-process). Runs on one virtual thread; idempotent per namespace.
 */
public final class NamespaceLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLifecycle.class);

    private final Registry registry;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private CacheWatcher watcher;
    private Thread worker;

    public NamespaceLifecycle(Registry registry) {
        this.registry = registry;
    }

    public void start() {
        GenericStore namespaces = registry.core("namespaces");
        watcher = namespaces.watch(null, ListOptions.all(), false, new WatchSink() {
            @Override
            public boolean send(WatchEvent event) {
                if (event.type() != WatchEvent.Type.DELETED && event.type() != WatchEvent.Type.BOOKMARK
                        && Meta.isDeleting(event.object().object())) {
                    queue.add(Meta.name(event.object().object()));
                }
                return true;
            }

            @Override
            public void end(String reason) {
                LOG.warn("namespace lifecycle watch ended: {}", reason);
            }
        });
        worker = Thread.ofVirtual().name("k3j-namespace-lifecycle").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String ns;
            try {
                ns = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                finish(ns);
            } catch (RuntimeException e) {
                LOG.warn("could not finish deleting namespace {}: {}", ns, e.getMessage());
                queue.add(ns);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
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
        if (watcher != null) {
            watcher.close();
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
