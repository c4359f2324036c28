package io.k3j.controllers;

import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.informer.IndexFunc;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ListerWatcher;
import io.k3j.client.informer.SharedInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared informers, one per resource over all namespaces (upstream's SharedInformerFactory): every
 * controller asking for pods gets the same cache. Pods are indexed by namespace, owner uid and
 * node name; everything else by namespace and owner uid. Objects are kept without their
 * managedFields, as upstream's controller manager and scheduler keep them. Informers asked for
 * after {@link #start} start at once.
 */
public final class Informers implements AutoCloseable {

    /** Upstream's default resync for controllers that ask for one. */
    public static final Duration RESYNC = Duration.ofMinutes(10);

    private final ApiClient client;
    private final Map<Resource, SharedInformer> informers = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    public Informers(ApiClient client) {
        this.client = client;
    }

    public synchronized SharedInformer get(Resource resource) {
        if (closed) {
            throw new IllegalStateException("informers are closed");
        }
        SharedInformer informer = informers.get(resource);
        if (informer == null) {
            informer = new SharedInformer(resource.toString(), ListerWatcher.of(client, resource, null, null, null),
                    RESYNC, indexers(resource));
            informer.dropManagedFields();
            informers.put(resource, informer);
            if (started) {
                informer.start();
            }
        }
        return informer;
    }

    private static Map<String, IndexFunc> indexers(Resource resource) {
        if (resource.group().isEmpty() && resource.resource().equals("pods")) {
            return Indexers.pods();
        }
        return Map.of(Indexers.NAMESPACE, Indexers.BY_NAMESPACE, Indexers.OWNER_UID, Indexers.BY_OWNER_UID);
    }

    public synchronized void start() {
        started = true;
        informers.values().forEach(SharedInformer::start);
    }

    /** Waits until every informer created so far has listed; false on timeout. */
    public boolean waitForSync(Duration timeout) throws InterruptedException {
        List<SharedInformer> all;
        synchronized (this) {
            all = new ArrayList<>(informers.values());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SharedInformer i : all) {
            if (!i.waitForSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        informers.values().forEach(SharedInformer::stop);
        informers.clear();
    }
}
