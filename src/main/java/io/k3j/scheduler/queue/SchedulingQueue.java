package io.k3j.scheduler.queue;

import io.k3j.scheduler.framework.PodInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The pods waiting to be scheduled (upstream's PriorityQueue), in three parts: activeQ, popped in
 * order of priority (highest first), then creation time, then arrival; backoffQ, pods that
 * failed and wait out their backoff (1 s doubling per attempt up to 10 s) before going back to
 * activeQ; and unschedulablePods, pods no node fitted, which move on a cluster event that may
 * help them ({@link #moveAllToActiveOrBackoff}) or after {@link #UNSCHEDULABLE_TIMEOUT}. A pod
 * popped for scheduling stays known (in flight) until {@link #done}: updates meanwhile are kept,
 * a deletion is remembered, and a cluster event during its cycle that selects it sends it to
 * backoffQ instead of unschedulablePods should it fail. Thread-safe; {@link #pop} blocks.
 */
public final class SchedulingQueue {

    public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration UNSCHEDULABLE_TIMEOUT = Duration.ofSeconds(60);

    private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT }

    /** A queued pod: its latest state and scheduling history. */
    public static final class Entry {
        private PodInfo pod;
        private int attempts;
        private long failedAt;
        private long unschedulableSince;
        private long seq;
        private Where where;
        /** A cluster event that may let it fit came while it was in flight. */
        private boolean moveRequested;
        private boolean deleted;

        public PodInfo pod() {
            return pod;
        }

        public int attempts() {
            return attempts;
        }
    }

    /** Higher priority first, then older pods, then first queued (written out: it runs for every heap step). */
    private static final Comparator<Entry> ACTIVE_ORDER = (a, b) -> {
        int c = Integer.compare(b.pod.priority, a.pod.priority);
        if (c == 0) {
            c = a.pod.creationTimestamp.compareTo(b.pod.creationTimestamp);
        }
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };

    private final Clock clock;
    private final PriorityQueue<Entry> active = new PriorityQueue<>(ACTIVE_ORDER);
    private final PriorityQueue<Entry> backoff;
    private final Map<String, Entry> unschedulable = new HashMap<>();
    private final Map<String, Entry> entries = new HashMap<>();
    private long seq;
    /** Popped and not yet done, unschedulable or backing off (in scheduling or binding). */
    private final java.util.Set<Entry> inFlight = new java.util.HashSet<>();
    private boolean closed;

    public SchedulingQueue(Clock clock) {
        this.clock = clock;
        this.backoff = new PriorityQueue<>(Comparator.comparingLong(this::backoffExpiry).thenComparingLong(e -> e.seq));
    }

    /** The backoff of a pod that failed {@code attempts} times: 1 s, 2 s, 4 s, 8 s, then 10 s. */
    public static Duration backoffDuration(int attempts) {
        long ms = INITIAL_BACKOFF.toMillis();
        for (int i = 1; i < attempts && ms < MAX_BACKOFF.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    private long backoffExpiry(Entry e) {
        return e.failedAt + backoffDuration(e.attempts).toMillis();
    }

    /** A new pending pod, or an update of a known one. */
    public synchronized void add(PodInfo pod) {
        Entry e = entries.get(pod.uid);
        if (e != null) {
            update(e, pod);
            return;
        }
        e = new Entry();
        e.pod = pod;
        e.seq = seq++;
        entries.put(pod.uid, e);
        toActive(e);
    }

    private void update(Entry e, PodInfo pod) {
        PodInfo old = e.pod;
        e.pod = pod;
        switch (e.where) {
            case ACTIVE -> {
                if (old.priority != pod.priority) {
                    active.remove(e);
                    active.add(e);
                }
            }
            case UNSCHEDULABLE -> {
                if (old.object != pod.object && !old.object.path("spec").equals(pod.object.path("spec"))
                        || !old.labels.equals(pod.labels)) {
                    unschedulable.remove(pod.uid);
                    toActiveOrBackoff(e);
                }
            }
            default -> {
            }
        }
    }

    /** Forgets a pod (deleted, or bound by someone else). */
    public synchronized void delete(String uid) {
        Entry e = entries.get(uid);
        if (e == null) {
            return;
        }
        switch (e.where) {
            case ACTIVE -> active.remove(e);
            case BACKOFF -> backoff.remove(e);
            case UNSCHEDULABLE -> unschedulable.remove(uid);
            case IN_FLIGHT -> {
                e.deleted = true;
                inFlight.remove(e);
                return;
            }
        }
        entries.remove(uid);
    }

    /** The next pod to schedule; blocks while activeQ is empty. Null once closed. */
    public synchronized Entry pop() throws InterruptedException {
        while (active.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return null;
        }
        Entry e = active.poll();
        e.where = Where.IN_FLIGHT;
        e.moveRequested = false;
        inFlight.add(e);
        e.attempts++;
        return e;
    }

    /** The popped pod was bound, or needs no more scheduling. */
    public synchronized void done(Entry e) {
        inFlight.remove(e);
        if (entries.get(e.pod.uid) == e) {
            entries.remove(e.pod.uid);
        }
    }

    /** No node fitted: waits in unschedulablePods (or backoffQ if a cluster event came during its cycle). */
    public synchronized void unschedulable(Entry e) {
        if (!requeueable(e)) {
            return;
        }
        e.failedAt = clock.millis();
        if (e.moveRequested) {
            e.where = Where.BACKOFF;
            backoff.add(e);
        } else {
            e.where = Where.UNSCHEDULABLE;
            e.unschedulableSince = clock.millis();
            unschedulable.put(e.pod.uid, e);
        }
    }

    /** An error (API failure, failed binding): retried after the backoff. */
    public synchronized void backoff(Entry e) {
        if (!requeueable(e)) {
            return;
        }
        e.failedAt = clock.millis();
        e.where = Where.BACKOFF;
        backoff.add(e);
    }

    private boolean requeueable(Entry e) {
        inFlight.remove(e);
        if (e.deleted || entries.get(e.pod.uid) != e || e.where != Where.IN_FLIGHT) {
            if (e.deleted) {
                entries.remove(e.pod.uid, e);
            }
            return false;
        }
        return true;
    }

    /**
     * A cluster event (node added or changed, pod deleted, …) that may make pods schedulable: moves
     * the unschedulable pods {@code which} selects to activeQ, or to backoffQ while backing off;
     * the pods in flight it selects go to backoffQ should they fail.
     */
    public synchronized void moveAllToActiveOrBackoff(Predicate<PodInfo> which) {
        for (Entry e : inFlight) {
            if (which.test(e.pod)) {
                e.moveRequested = true;
            }
        }
        if (unschedulable.isEmpty()) {
            return;
        }
        Iterator<Entry> it = unschedulable.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (which.test(e.pod)) {
                it.remove();
                toActiveOrBackoff(e);
            }
        }
    }

    /** Moves pods whose backoff ended to activeQ, and pods unschedulable for too long; call about every second. */
    public synchronized void flush() {
        long now = clock.millis();
        while (!backoff.isEmpty() && backoffExpiry(backoff.peek()) <= now) {
            toActive(backoff.poll());
        }
        Iterator<Entry> it = unschedulable.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now - e.unschedulableSince >= UNSCHEDULABLE_TIMEOUT.toMillis()) {
                it.remove();
                toActiveOrBackoff(e);
            }
        }
    }

    private void toActiveOrBackoff(Entry e) {
        if (e.attempts > 0 && backoffExpiry(e) > clock.millis()) {
            e.where = Where.BACKOFF;
            backoff.add(e);
        } else {
            toActive(e);
        }
    }

    private void toActive(Entry e) {
        e.where = Where.ACTIVE;
        active.add(e);
        notifyAll();
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Counts per part, for tests and logs: active, backoff, unschedulable, total known. */
    public synchronized List<Integer> sizes() {
        List<Integer> s = new ArrayList<>();
        s.add(active.size());
        s.add(backoff.size());
        s.add(unschedulable.size());
        s.add(entries.size());
        return s;
    }

    /** Where a pod is: "active", "backoff", "unschedulable", "inflight", or null when unknown. */
    public synchronized String where(String uid) {
        Entry e = entries.get(uid);
        return e == null ? null : switch (e.where) {
            case ACTIVE -> "active";
            case BACKOFF -> "backoff";
            case UNSCHEDULABLE -> "unschedulable";
            case IN_FLIGHT -> "inflight";
        };
    }
}
