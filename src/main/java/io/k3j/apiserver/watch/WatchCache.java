package io.k3j.apiserver.watch;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.storage.Backend;
import io.k3j.storage.Event;
import io.k3j.storage.KeyValue;
import io.k3j.storage.ListResult;
import io.k3j.storage.StorageException;
import io.k3j.storage.Watch;
import io.k3j.storage.WatchListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The in-memory state of one resource, kept current by a datastore watch: every object by
 * key, a window of recent events for resuming watches, and the revision up to which it has
 * seen every change. Gets, lists and watches are served from here once fresh. Thread-safe.
 */
public final class WatchCache implements WatchListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);

    /** A consistent page of a list: objects, the revision it is consistent at, whether more follow. */
    public record Page(List<CachedObject> items, long revision, boolean more, long remaining) {
    }

    private final Backend backend;
    private final String prefix;
    private final int historySize;
    private final int watcherCapacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final TreeMap<String, CachedObject> items = new TreeMap<>();
    /** Objects per parent key ("/registry/configmaps/default/"), for remainingItemCount without a scan. */
    private final Map<String, Integer> perParent = new HashMap<>();
    private final ArrayDeque<CacheEvent> history = new ArrayDeque<>();
    private final CopyOnWriteArrayList<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private long dispatched;
    private volatile long revision;
    /** Objects this process is writing, by key, until their event arrives (see {@link #offer}). */
    private final java.util.concurrent.ConcurrentHashMap<String, Offer> written =
            new java.util.concurrent.ConcurrentHashMap<>();
    private long historyStart;
    private Watch watch;
    private volatile boolean closed;

    public WatchCache(Backend backend, String prefix, int historySize, int watcherCapacity) {
        this.backend = backend;
        this.prefix = prefix;
        this.historySize = historySize;
        this.watcherCapacity = watcherCapacity;
    }

    /** Loads every object under the prefix and starts following changes. */
    public void start() {
        lock.lock();
        try {
            items.clear();
            perParent.clear();
            history.clear();
            String after = null;
            long at = 0;
            do {
                ListResult page = backend.list(prefix, after, 1000, at);
                at = page.revision();
                for (KeyValue kv : page.kvs()) {
                    put(decode(kv));
                }
                after = page.continueAfter();
            } while (after != null);
            revision = at;
            historyStart = at;
            dispatched = at;
            watch = backend.watch(prefix, at, this);
        } finally {
            lock.unlock();
        }
    }

    /** An object a write of this process is about to store, offered to the cache (see {@link #offer}). */
    public record Offer(String key, ObjectNode object, byte[] stored) {
    }

    /**
     * Offers the object a write of this process is about to store under {@code key} as
     * {@code stored}, so that applying the event of a write of those very bytes takes it instead
     * of parsing them again. It must equal what the parse would give without its resourceVersion
     * (see {@link Json#reparsedCopy}) and be the cache's alone. A write that fails withdraws its
     * offer; a later offer for the key replaces it. Null {@code object}: no offer.
     */
    public Offer offer(String key, ObjectNode object, byte[] stored) {
        if (object == null) {
            return null;
        }
        Offer offer = new Offer(key, object, stored);
        written.put(key, offer);
        return offer;
    }

    /** Withdraws an offer whose write failed (null: nothing). */
    public void withdraw(Offer offer) {
        if (offer != null) {
            written.remove(offer.key(), offer);
        }
    }

    /** Offers waiting for their event (for tests). */
    int offers() {
        return written.size();
    }

    /** The object offered for the bytes of this event, or the stored JSON parsed. */
    private CachedObject decodeWritten(KeyValue kv) {
        Offer offered = written.get(kv.key());
        if (offered != null && java.util.Arrays.equals(offered.stored(), kv.value())
                && written.remove(kv.key(), offered)) {
            ObjectNode obj = offered.object();
            Meta.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
            return new CachedObject(kv.key(), obj, kv.modRevision());
        }
        return decode(kv);
    }

    private static CachedObject decode(KeyValue kv) {
        ObjectNode obj = Json.readStored(kv.value());
        Meta.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
        return new CachedObject(kv.key(), obj, kv.modRevision());
    }

    @Override
    public void onEvents(List<Event> events) {
        List<CacheEvent> applied = new ArrayList<>(events.size());
        lock.lock();
        try {
            for (Event e : events) {
                CacheEvent ce = apply(e);
                applied.add(ce);
                history.addLast(ce);
                if (history.size() > historySize) {
                    historyStart = history.removeFirst().revision();
                }
                revision = e.revision();
            }
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        dispatchLock.lock();
        try {
            for (CacheWatcher w : watchers) {
                for (CacheEvent ce : applied) {
                    w.offer(ce);
                }
            }
            dispatched = applied.getLast().revision();
        } finally {
            dispatchLock.unlock();
        }
    }

    /**
     * Queues a BOOKMARK for {@code w} at the revision every watcher has been sent events up to,
     * so the bookmark never runs ahead of events still on their way.
     */
    public void bookmark(CacheWatcher w) {
        dispatchLock.lock();
        try {
            ObjectNode mark = Json.object();
            mark.putObject("metadata").put("resourceVersion", Long.toString(dispatched));
            w.enqueue(new WatchEvent(WatchEvent.Type.BOOKMARK, new CachedObject(null, mark, dispatched)));
        } finally {
            dispatchLock.unlock();
        }
    }

    private CacheEvent apply(Event e) {
        CachedObject previous = items.get(e.kv().key());
        if (e.type() == Event.Type.DELETE) {
            if (items.remove(e.kv().key()) != null) {
                count(e.kv().key(), -1);
            }
            CachedObject last = previous;
            if (last == null && e.prevKv() != null) {
                last = decode(e.prevKv());
            }
            ObjectNode gone = last == null ? Json.object() : last.object().deepCopy();
            Meta.metadata(gone).put("resourceVersion", Long.toString(e.revision()));
            return new CacheEvent(WatchEvent.Type.DELETED, new CachedObject(e.kv().key(), gone, e.revision()), last);
        }
        CachedObject now = decodeWritten(e.kv());
        put(now);
        return new CacheEvent(previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, now, previous);
    }

    @Override
    public void onProgress(long rev) {
        lock.lock();
        try {
            if (rev > revision) {
                revision = rev;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
        dispatchLock.lock();
        try {
            dispatched = Math.max(dispatched, rev);
        } finally {
            dispatchLock.unlock();
        }
    }

    @Override
    public void onError(StorageException error) {
        if (closed) {
            return;
        }
        LOG.warn("watch cache {} lost its datastore watch ({}); reloading", prefix, error.getMessage());
        for (CacheWatcher w : watchers) {
            w.end("watch cache reloaded");
        }
        start();
    }

    /** The revision up to which this cache has seen every change. */
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the cache has seen every change up to {@code rev}; 504 Timeout after {@code max}. */
    public void waitFresh(long rev, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (revision < rev) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ApiException(Status.tooLargeResourceVersion(rev, revision));
                }
                advanced.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(Status.timeout("interrupted waiting for the watch cache"));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the cache reflects every write the datastore has acknowledged. */
    public void waitConsistent() {
        waitFresh(backend.currentRevision(), Duration.ofSeconds(3));
    }

    public CachedObject get(String key) {
        lock.lock();
        try {
            return items.get(key);
        } finally {
            lock.unlock();
        }
    }

    private void put(CachedObject o) {
        if (items.put(o.key(), o) == null) {
            count(o.key(), 1);
        }
    }

    private void count(String key, int delta) {
        perParent.merge(key.substring(0, key.lastIndexOf('/') + 1), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** How many objects lie under {@code keyPrefix}, if known without a scan; else -1. */
    private long size(String keyPrefix) {
        if (keyPrefix.equals(prefix)) {
            return items.size();
        }
        Integer n = perParent.get(keyPrefix);
        return n != null ? n : -1;
    }

    /**
     * Objects under {@code keyPrefix} after {@code startAfter} (exclusive, null = start) that
     * pass the filter, at most {@code limit} (0 = all), consistent at the current revision.
     * {@code remaining} counts the objects left after the page only for {@link WatchFilter#ALL}.
     */
    public Page list(String keyPrefix, String startAfter, int limit, WatchFilter filter) {
        lock.lock();
        try {
            NavigableMap<String, CachedObject> range = items.tailMap(keyPrefix, true);
            if (startAfter != null) {
                range = range.tailMap(startAfter, false);
            }
            List<CachedObject> out = new ArrayList<>();
            boolean more = false;
            long remaining = 0;
            for (Map.Entry<String, CachedObject> e : range.entrySet()) {
                if (!e.getKey().startsWith(keyPrefix)) {
                    break;
                }
                if (!filter.matches(e.getValue().object())) {
                    continue;
                }
                if (limit > 0 && out.size() >= limit) {
                    more = true;
                    long size = startAfter == null && filter == WatchFilter.ALL ? size(keyPrefix) : -1;
                    if (size >= 0 || filter != WatchFilter.ALL) {
                        remaining = Math.max(size - out.size(), 0);
                        break;
                    }
                    remaining++;
                    continue;
                }
                out.add(e.getValue());
            }
            return new Page(out, revision, more, remaining);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a watch delivering every matching change after {@code fromRevision}; 0 means
     * "now", preceded by ADDED events for the current objects when {@code initialEvents}.
     * Fails with 410 Expired when the changes after {@code fromRevision} are no longer held.
     */
    public CacheWatcher watch(String keyPrefix, long fromRevision, boolean initialEvents, WatchFilter filter,
                              WatchSink sink, Duration waitForRevision) {
        if (fromRevision > 0) {
            waitFresh(fromRevision, waitForRevision);
        }
        dispatchLock.lock();
        lock.lock();
        try {
            List<WatchEvent> initial = new ArrayList<>();
            CacheWatcher[] self = new CacheWatcher[1];
            CacheWatcher w = new CacheWatcher(keyPrefix, filter, sink, watcherCapacity, () -> watchers.remove(self[0]));
            self[0] = w;
            if (fromRevision <= 0 || initialEvents) {
                for (CachedObject o : items.tailMap(keyPrefix, true).values()) {
                    if (!o.key().startsWith(keyPrefix)) {
                        break;
                    }
                    if (filter.matches(o.object())) {
                        initial.add(new WatchEvent(WatchEvent.Type.ADDED, o));
                    }
                }
                if (initialEvents) {
                    ObjectNode mark = Json.object();
                    ObjectNode md = mark.putObject("metadata");
                    md.put("resourceVersion", Long.toString(revision));
                    md.putObject("annotations").put("k8s.io/initial-events-end", "true");
                    initial.add(new WatchEvent(WatchEvent.Type.BOOKMARK, new CachedObject(null, mark, revision)));
                }
            } else {
                if (fromRevision < historyStart) {
                    throw new ApiException(Status.expired("too old resource version: " + fromRevision
                            + " (" + historyStart + ")"));
                }
                Iterator<CacheEvent> it = history.iterator();
                while (it.hasNext()) {
                    CacheEvent e = it.next();
                    if (e.revision() > fromRevision) {
                        w.offerTo(e, initial);
                    }
                }
            }
            watchers.add(w);
            w.start(initial, revision);
            return w;
        } finally {
            lock.unlock();
            dispatchLock.unlock();
        }
    }

    /** Ends every client watch (they re-watch) and stops following the datastore. */
    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        for (CacheWatcher w : watchers) {
            w.end("server shutting down");
        }
    }

    /** Number of client watches (for metrics and tests). */
    public int watcherCount() {
        return watchers.size();
    }
}
