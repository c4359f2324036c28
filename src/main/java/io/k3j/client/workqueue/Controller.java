package io.k3j.client.workqueue;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a controller's workers: each of N virtual threads takes a key from the queue, calls
 * {@link Sync#sync}, forgets the key's failures on success and re-queues it rate-limited on an
 * exception, and always marks it done. {@link #shutDown} stops the queue and waits for the
 * workers to finish the keys they hold.
 */
public final class Controller implements AutoCloseable {

    /** Brings the object named by {@code key} (namespace/name) to its desired state. */
    @FunctionalInterface
    public interface Sync {
        void sync(String key) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final String name;
    private final RateLimitingQueue<String> queue;
    private final Sync sync;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();

    public Controller(String name, RateLimitingQueue<String> queue, int workers, Sync sync) {
        this.name = name;
        this.queue = queue;
        this.workers = workers;
        this.sync = sync;
    }

    public RateLimitingQueue<String> queue() {
        return queue;
    }

    public synchronized void run() {
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
        }
    }

    private void work() {
        while (true) {
            String key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                sync.sync(key);
                queue.forget(key);
            } catch (Exception e) {
                LOG.debug("{}: syncing {} failed (retry {}): {}", name, key, queue.numRequeues(key) + 1, e.toString());
                queue.addRateLimited(key);
            } finally {
                queue.done(key);
            }
        }
    }

    /** Shuts the queue down and waits for the workers to return. */
    public void shutDown() throws InterruptedException {
        queue.shutDown();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        for (Thread t : running) {
            t.join();
        }
    }

    /** {@link #shutDown}, keeping the thread's interrupt status if interrupted while waiting. */
    @Override
    public void close() {
        try {
            shutDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
