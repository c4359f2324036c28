package io.k3j.client.informer;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@link Reflector} feeding one {@link Indexer} and any number of
 * {@link ResourceEventHandler}s (upstream's SharedIndexInformer). Each handler has its own
 * queue and virtual thread, so a slow one delays only itself; a handler added late first
 * gets onAdd for every cached object. On a relist, objects that disappeared are reported with
 * onDelete(…, finalStateUnknown = true), changed ones with onUpdate. {@link #hasSynced} turns
 * true once the first list is in the indexer. Thread-safe.
 */
public final class SharedInformer implements AutoCloseable {

    private final Object lock = new Object();
    private final ThreadSafeIndexer indexer;
    private final Reflector reflector;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean synced;
    private volatile UnaryOperator<ObjectNode> transform = UnaryOperator.identity();
    private volatile boolean dropsManagedFields;

    public SharedInformer(String name, ListerWatcher lw, Duration resyncPeriod, Map<String, IndexFunc> indexers) {
        this(name, lw, resyncPeriod, indexers, Duration.ofSeconds(1));
    }

    public SharedInformer(String name, ListerWatcher lw, Duration resyncPeriod, Map<String, IndexFunc> indexers,
                          Duration errorBackoff) {
        this.indexer = new ThreadSafeIndexer(indexers);
        this.reflector = new Reflector(name, lw, new Feed(), resyncPeriod, errorBackoff);
    }

    /** An informer over {@code resource} in {@code namespace} (null: all), indexed by namespace. */
    public static SharedInformer of(ApiClient client, Resource resource, String namespace, Duration resyncPeriod) {
        return new SharedInformer(resource.toString(), ListerWatcher.of(client, resource, namespace, null, null),
                resyncPeriod, Indexers.namespace());
    }

    /**
     * Sets a function every object goes through before the cache and the handlers see it
     * (client-go's SetTransform); call before {@link #start}. It may change the object it gets,
     * which is the reflector's own copy.
     */
    public void setTransform(UnaryOperator<ObjectNode> transform) {
        this.transform = transform;
        this.dropsManagedFields = false;
    }

    /**
     * Keeps objects without {@code metadata.managedFields} (the transform {@link
     * #stripManagedFields}); watches from inside the server then skip copying them.
     */
    public void dropManagedFields() {
        this.transform = SharedInformer::stripManagedFields;
        this.dropsManagedFields = true;
    }

    /**
     * Drops {@code metadata.managedFields}, as kube-controller-manager and kube-scheduler do for
     * their informers (client-go's TransformStripManagedFields): controllers never read them,
     * and an update without them keeps the server's.
     */
    public static ObjectNode stripManagedFields(ObjectNode object) {
        if (object.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return object;
    }

    public void addEventHandler(ResourceEventHandler handler) {
        Listener l = new Listener(handler);
        synchronized (lock) {
            for (ObjectNode o : indexer.list()) {
                l.enqueue(() -> handler.onAdd(o));
            }
            listeners.add(l);
        }
    }

    /** The cache; read it freely, never write to it (its objects are frozen: change a deepCopy()). */
    public Indexer indexer() {
        return indexer;
    }

    public void start() {
        reflector.start();
    }

    public void stop() {
        reflector.stop();
        listeners.forEach(Listener::stop);
    }

    @Override
    public void close() {
        stop();
    }

    public boolean hasSynced() {
        return synced;
    }

    /** Waits until {@link #hasSynced}; false on timeout. */
    public boolean waitForSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!synced) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public String lastSyncResourceVersion() {
        return reflector.lastSyncResourceVersion();
    }

    private void each(java.util.function.Function<ResourceEventHandler, Runnable> n) {
        for (Listener l : listeners) {
            l.enqueue(n.apply(l.handler));
        }
    }

    /** Applies the reflector's deliveries to the indexer and fans them out. */
    private final class Feed implements Reflector.Sink {

        @Override
        public boolean dropsManagedFields() {
            return dropsManagedFields;
        }


        /** What the cache keeps of a received object: transformed, then frozen (handlers share it). */
        private ObjectNode cached(ObjectNode received) {
            return Json.freeze(transform.apply(received));
        }

        @Override
        public void replace(List<ObjectNode> listed, String resourceVersion) {
            List<ObjectNode> objects = listed.stream().map(this::cached).toList();
            synchronized (lock) {
                Set<String> keep = new HashSet<>();
                List<ObjectNode> previous = indexer.list();
                for (ObjectNode o : objects) {
                    String key = Store.key(o);
                    keep.add(key);
                    Optional<ObjectNode> old = indexer.get(key);
                    if (old.isEmpty()) {
                        each(h -> () -> h.onAdd(o));
                    } else if (!Objects.equals(Meta.resourceVersion(old.get()), Meta.resourceVersion(o))) {
                        ObjectNode before = old.get();
                        each(h -> () -> h.onUpdate(before, o));
                    }
                }
                for (ObjectNode o : previous) {
                    if (!keep.contains(Store.key(o))) {
                        each(h -> () -> h.onDelete(o, true));
                    }
                }
                indexer.replace(objects);
                synced = true;
            }
        }

        @Override
        public void add(ObjectNode object) {
            update(object);
        }

        @Override
        public void update(ObjectNode received) {
            ObjectNode object = cached(received);
            synchronized (lock) {
                Optional<ObjectNode> old = indexer.add(object);
                if (old.isPresent()) {
                    ObjectNode before = old.get();
                    each(h -> () -> h.onUpdate(before, object));
                } else {
                    each(h -> () -> h.onAdd(object));
                }
            }
        }

        @Override
        public void delete(ObjectNode received) {
            ObjectNode object = cached(received);
            synchronized (lock) {
                indexer.delete(object);
                each(h -> () -> h.onDelete(object, false));
            }
        }

        @Override
        public void resync() {
            synchronized (lock) {
                for (ObjectNode o : indexer.list()) {
                    each(h -> () -> h.onUpdate(o, o));
                }
            }
        }
    }

    /** One handler's ordered notifications, delivered on its own virtual thread. */
    private static final class Listener {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedInformer.class);
        private static final Runnable STOP = () -> { };
        private final ResourceEventHandler handler;
        private final java.util.concurrent.LinkedBlockingQueue<Runnable> pending =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread thread;

        Listener(ResourceEventHandler handler) {
            this.handler = handler;
            this.thread = Thread.ofVirtual().name("informer-handler").start(this::run);
        }

        void enqueue(Runnable notification) {
            pending.add(notification);
        }

        void stop() {
            pending.add(STOP);
        }

        private void run() {
            while (true) {
                Runnable n;
                try {
                    n = pending.poll(1, TimeUnit.DAYS);
                } catch (InterruptedException e) {
                    return;
                }
                if (n == STOP) {
                    return;
                }
                if (n == null) {
                    continue;
                }
                try {
                    n.run();
                } catch (RuntimeException e) {
                    LOG.warn("informer handler failed", e);
                }
            }
        }
    }
}
