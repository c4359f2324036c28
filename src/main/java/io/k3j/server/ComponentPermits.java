package io.k3j.server;

import io.k3j.apiserver.http.RequestGauge;
import io.k3j.storage.CommitWait;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests the server's own components (controllers, scheduler, simulated kubelets) may
 * have in the handlers at once: a guaranteed share always, and up to a larger limit while no
 * remote client's request is being handled. Users' requests so never queue behind more than the
 * guaranteed share of the components' work, and an idle API server lends the components the
 * rest (a small stand-in for upstream's API priority and fairness, which ranks controllers below
 * users and lets a busy level borrow from idle ones). Counts remote requests as the HTTP server's
 * {@link RequestGauge}. A permit bounds CPU work: it is given back while its request waits for a
 * datastore commit (see {@link Permit}). Thread-safe.
 */
public final class ComponentPermits implements RequestGauge {

    private final int guaranteed;
    private final int most;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private int inUse;
    private int remote;

    public ComponentPermits(int guaranteed, int most) {
        if (guaranteed < 1 || most < guaranteed) {
            throw new IllegalArgumentException("need 1 <= guaranteed <= most, got " + guaranteed + ", " + most);
        }
        this.guaranteed = guaranteed;
        this.most = most;
    }

    /** Two per core guaranteed, eight per core while no remote request is in the handlers. */
    public static ComponentPermits forCores(int cores) {
        return new ComponentPermits(2 * cores, 8 * cores);
    }

    /**
     * Blocks until a component request may enter the handlers, and returns its permit. Bound as
     * the {@link CommitWait#HOOK} while the request is handled, the permit is given back for each
     * wait for a commit, and taken again without waiting once the commit is done (for the short
     * work that follows: a request that already wrote does not queue a second time).
     */
    public Permit acquire() throws InterruptedException {
        take();
        return new Permit();
    }

    /** One request's permit; used by the request's own thread only. */
    public final class Permit implements CommitWait.Hook, AutoCloseable {

        private boolean held = true;

        private Permit() {
        }

        @Override
        public void waiting() {
            giveBack();
        }

        @Override
        public void resumed() {
            if (!held) {
                held = true;
                retake();
            }
        }

        @Override
        public void close() {
            giveBack();
        }

        private void giveBack() {
            if (held) {
                held = false;
                release();
            }
        }
    }

    private void take() throws InterruptedException {
        lock.lock();
        try {
            while (inUse >= limit()) {
                freed.await();
            }
            inUse++;
        } finally {
            lock.unlock();
        }
    }

    private void retake() {
        lock.lock();
        try {
            inUse++;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            inUse--;
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    private int limit() {
        return remote == 0 ? most : guaranteed;
    }

    @Override
    public void started() {
        lock.lock();
        try {
            remote++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finished() {
        lock.lock();
        try {
            if (--remote == 0) {
                freed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Component requests in the handlers now (for tests). */
    int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }
}
