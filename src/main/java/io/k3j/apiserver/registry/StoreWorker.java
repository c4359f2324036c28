package io.k3j.apiserver.registry;

import io.k3j.api.Meta;
import io.k3j.apiserver.watch.CacheWatcher;
import io.k3j.apiserver.watch.WatchEvent;
import io.k3j.apiserver.watch.WatchSink;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process control loop over one store: the names of objects whose watch events pass a
 * filter are queued and handed, one at a time, to a sync function on a virtual thread; a sync
 * that fails is retried a second later. The sync must be idempotent.
 */
public final class StoreWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWorker.class);

    private final String name;
    private final GenericStore store;
    private final Predicate<WatchEvent> filter;
    private final Consumer<String> sync;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private CacheWatcher watcher;
    private Thread worker;

    public StoreWorker(String name, GenericStore store, Predicate<WatchEvent> filter, Consumer<String> sync) {
        this.name = name;
        this.store = store;
        this.filter = filter;
        this.sync = sync;
    }

    /** Starts following the store (changes from now on) and working the queue. */
    public void start() {
        watcher = store.watch(null, ListOptions.all(), false, new WatchSink() {
            @Override
            public boolean send(WatchEvent event) {
                if (event.type() != WatchEvent.Type.BOOKMARK && filter.test(event)) {
                    queue.add(Meta.name(event.object().object()));
                }
                return true;
            }

            @Override
            public void end(String reason) {
                LOG.warn("{} watch ended: {}", name, reason);
            }
        });
        worker = Thread.ofVirtual().name("k3j-" + name).start(this::run);
    }

    /** Queues an object by name (cluster-scoped stores). */
    public void enqueue(String objectName) {
        queue.add(objectName);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                sync.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("{} {}: {}", name, next, e.getMessage());
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(1000);
                        queue.add(next);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
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
