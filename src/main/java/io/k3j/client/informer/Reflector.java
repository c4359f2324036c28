package io.k3j.client.informer;

import io.k3j.api.ApiException;
import io.k3j.client.ListOptions;
import io.k3j.client.Watch;
import io.k3j.client.WatchEvent;
import io.k3j.client.WatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a {@link Sink} in step with the server (upstream's cache.Reflector): lists (every page),
 * hands the items over with {@link Sink#replace}, then watches from the list's resourceVersion
 * with bookmarks, applying each event. A watch that ends normally is reopened from the last
 * resourceVersion seen; a 410 Expired (the revision was compacted) or any other failure leads to
 * a fresh list, after {@code backoff} unless it was a 410. Every {@code resyncPeriod} (if
 * positive) the sink is asked to {@link Sink#resync}. Runs on virtual threads.
 */
public final class Reflector {

    /** Where a reflector delivers what it lists and watches (upstream's DeltaFIFO role). */
    public interface Sink {
        /** The complete current content, as of {@code resourceVersion}. */
        void replace(List<ObjectNode> objects, String resourceVersion);

        void add(ObjectNode object);

        void update(ObjectNode object);

        void delete(ObjectNode object);

        /** Re-deliver every cached object as an update. */
        void resync();

        /** Whether the sink drops metadata.managedFields, so that a watch need not copy them. */
        default boolean dropsManagedFields() {
            return false;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reflector.class);
    private static final long LIST_PAGE = 500;

    private final String name;
    private final ListerWatcher lw;
    private final Sink sink;
    private final Duration resyncPeriod;
    private final Duration backoff;
    private volatile boolean running;
    private volatile Watch current;
    private volatile String lastSyncResourceVersion = "";
    private Thread loop;
    private Thread resync;

    public Reflector(String name, ListerWatcher lw, Sink sink, Duration resyncPeriod, Duration backoff) {
        this.name = name;
        this.lw = lw;
        this.sink = sink;
        this.resyncPeriod = resyncPeriod;
        this.backoff = backoff;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofVirtual().name("reflector-" + name).start(this::listAndWatchLoop);
        if (resyncPeriod != null && resyncPeriod.isPositive()) {
            resync = Thread.ofVirtual().name("reflector-resync-" + name).start(this::resyncLoop);
        }
    }

    public synchronized void stop() {
        running = false;
        Watch w = current;
        if (w != null) {
            w.close();
        }
        if (loop != null) {
            loop.interrupt();
        }
        if (resync != null) {
            resync.interrupt();
        }
    }

    /** The resourceVersion of the last list or event applied; "" before the first list. */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    private void listAndWatchLoop() {
        while (running) {
            try {
                list();
                watchUntilExpired();
            } catch (ApiException e) {
                if (!running) {
                    return;
                }
                if (e.status().code() == 410) {
                    LOG.debug("{}: watch expired ({}), relisting", name, e.getMessage());
                    continue;
                }
                LOG.warn("{}: list/watch failed: {}", name, e.getMessage());
                if (!pause()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{}: list/watch failed", name, e);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private void list() {
        List<ObjectNode> items = new ArrayList<>();
        ListOptions options = ListOptions.all().withLimit(LIST_PAGE);
        String rv;
        while (true) {
            ObjectNode page = lw.list(options);
            for (JsonNode i : page.path("items")) {
                items.add((ObjectNode) i);
            }
            rv = page.path("metadata").path("resourceVersion").asString("");
            String next = page.path("metadata").path("continue").asString("");
            if (next.isEmpty()) {
                break;
            }
            options = options.withContinue(next);
        }
        if (!running) {
            return;
        }
        sink.replace(items, rv);
        lastSyncResourceVersion = rv;
    }

    /** Watches, reopening after normal ends, until stopped or an ApiException (410 included). */
    private void watchUntilExpired() {
        while (running) {
            long timeout = 300 + ThreadLocalRandom.current().nextLong(300);
            Watch w = lw.watch(WatchOptions.from(lastSyncResourceVersion).withTimeoutSeconds(timeout));
            current = w;
            if (sink.dropsManagedFields()) {
                w.withoutManagedFields();
            }
            if (!running) {
                w.close();
                return;
            }
            try (w) {
                while (w.hasNext()) {
                    WatchEvent e = w.next();
                    switch (e.type()) {
                        case ADDED -> sink.add(e.object());
                        case MODIFIED -> sink.update(e.object());
                        case DELETED -> sink.delete(e.object());
                        case BOOKMARK -> { }
                    }
                    lastSyncResourceVersion = w.resourceVersion();
                }
            } finally {
                current = null;
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(backoff);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void resyncLoop() {
        while (running) {
            try {
                Thread.sleep(resyncPeriod);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                sink.resync();
            }
        }
    }
}
