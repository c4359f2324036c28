package io.k3j.storage.sql;

import io.k3j.storage.CommitWait;
import io.k3j.storage.ConflictException;
import io.k3j.storage.DeleteResult;
import io.k3j.storage.Event;
import io.k3j.storage.KeyExistsException;
import io.k3j.storage.KeyNotFoundException;
import io.k3j.storage.KeyValue;
import io.k3j.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer: drains queued writes into one transaction, commits it with one fsync, and only
 * then answers the callers and publishes the batch's events. One commit runs at a time (the
 * commit lock), so revisions, assigned here, are strictly increasing and events are published
 * in revision order.
 */
final class Committer {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Connection conn;
    private final Dialect dialect;
    private final int maxBatch;
    private final Consumer<List<Event>> sink;
    private final LongConsumer compactionStarting;
    private final Thread thread;
    private final PreparedStatement latest;
    private final PreparedStatement insert;
    private long nextRevision;
    private volatile long committedRevision;
    private volatile boolean closed;

    Committer(Connection conn, Dialect dialect, long committedRevision, int maxBatch,
              Consumer<List<Event>> sink, LongConsumer compactionStarting) throws SQLException {
        this.conn = conn;
        this.dialect = dialect;
        this.maxBatch = maxBatch;
        this.sink = sink;
        this.compactionStarting = compactionStarting;
        this.committedRevision = committedRevision;
        this.nextRevision = committedRevision + 1;
        conn.setAutoCommit(false);
        this.latest = conn.prepareStatement(Sql.LATEST);
        this.insert = conn.prepareStatement(Sql.INSERT);
        this.thread = Thread.ofPlatform().name("k3j-datastore-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    long committedRevision() {
        return committedRevision;
    }

    /**
     * Commits a write and waits until it is durable (or failed). When nothing else is queued and
     * no commit is running, the caller commits its own write (no thread hand-off); otherwise the
     * write joins the next group commit.
     */
    Object submit(WriteOp op) {
        if (closed) {
            throw new StorageException("datastore is closed");
        }
        if (queue.isEmpty() && commitLock.tryLock()) {
            try {
                commit(List.of(op));
            } finally {
                commitLock.unlock();
            }
        } else {
            queue.add(op);
            if (closed && queue.remove(op)) {
                throw new StorageException("datastore is closed");
            }
        }
        try {
            CompletableFuture<Object> result = op.result();
            return result.isDone() ? result.join() : CommitWait.await(result::join);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("write failed", e.getCause());
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StorageException gone = new StorageException("datastore is closed");
        for (WriteOp op; (op = queue.poll()) != null; ) {
            op.result().completeExceptionally(gone);
        }
    }

    private void run() {
        List<WriteOp> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            commitLock.lock();
            try {
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } finally {
                commitLock.unlock();
            }
            batch.clear();
        }
    }

    private void commit(List<WriteOp> batch) {
        long firstRevision = nextRevision;
        Object[] outcomes = new Object[batch.size()];
        List<Event> events = new ArrayList<>(batch.size());
        try {
            for (int i = 0; i < batch.size(); i++) {
                outcomes[i] = apply(batch.get(i), events);
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            nextRevision = firstRevision;
            try {
                conn.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            StorageException failure = e instanceof SQLException se
                    ? dialect.translate("commit", se)
                    : new StorageException("write failed: " + e.getMessage(), e);
            LOG.error("datastore write of {} operation(s) failed: {}", batch.size(), failure.getMessage());
            for (WriteOp op : batch) {
                op.result().completeExceptionally(failure);
            }
            return;
        }
        committedRevision = nextRevision - 1;
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes[i] instanceof StorageException se) {
                batch.get(i).result().completeExceptionally(se);
            } else {
                batch.get(i).result().complete(outcomes[i]);
            }
        }
        if (!events.isEmpty()) {
            sink.accept(events);
        }
    }

    private Object apply(WriteOp op, List<Event> events) throws SQLException {
        return switch (op) {
            case WriteOp.Put put -> put(put, events);
            case WriteOp.Delete delete -> delete(delete, events);
            case WriteOp.CompactChunk chunk -> compact(chunk);
        };
    }

    private Object put(WriteOp.Put put, List<Event> events) throws SQLException {
        Row current = latest(put.key());
        boolean live = current != null && !current.deleted();
        long rev;
        if (put.expected() < 0) {
            if (live) {
                return new KeyExistsException(put.key());
            }
            rev = nextRevision++;
            insert(new Row(rev, put.key(), true, false, rev, current == null ? 0 : current.id(),
                    put.lease(), put.value()));
            events.add(new Event(Event.Type.CREATE,
                    new KeyValue(put.key(), put.value(), rev, rev, put.lease()), null));
        } else {
            if (!live) {
                return new KeyNotFoundException(put.key());
            }
            if (current.id() != put.expected()) {
                return new ConflictException(current.toKeyValue(), put.expected());
            }
            rev = nextRevision++;
            insert(new Row(rev, put.key(), false, false, current.createRevision(), current.id(),
                    put.lease(), put.value()));
            events.add(new Event(Event.Type.UPDATE,
                    new KeyValue(put.key(), put.value(), current.createRevision(), rev, put.lease()),
                    current.toKeyValue()));
        }
        return rev;
    }

    private Object delete(WriteOp.Delete delete, List<Event> events) throws SQLException {
        Row current = latest(delete.key());
        if (current == null || current.deleted()) {
            return new KeyNotFoundException(delete.key());
        }
        if (delete.expected() != 0 && current.id() != delete.expected()) {
            return new ConflictException(current.toKeyValue(), delete.expected());
        }
        long rev = nextRevision++;
        insert(new Row(rev, delete.key(), false, true, current.createRevision(), current.id(), 0, null));
        KeyValue prev = current.toKeyValue();
        events.add(new Event(Event.Type.DELETE,
                new KeyValue(delete.key(), current.value(), current.createRevision(), rev, 0), prev));
        return new DeleteResult(rev, prev);
    }

    private Object compact(WriteOp.CompactChunk chunk) throws SQLException {
        compactionStarting.accept(chunk.hi());
        try (PreparedStatement superseded = conn.prepareStatement(Sql.COMPACT_SUPERSEDED);
             PreparedStatement tombstones = conn.prepareStatement(Sql.COMPACT_TOMBSTONES);
             PreparedStatement meta = conn.prepareStatement(Sql.META_PUT)) {
            superseded.setLong(1, chunk.lo());
            superseded.setLong(2, chunk.hi());
            int removed = superseded.executeUpdate();
            tombstones.setLong(1, chunk.lo());
            tombstones.setLong(2, chunk.hi());
            removed += tombstones.executeUpdate();
            meta.setLong(1, chunk.hi());
            meta.setString(2, Sql.COMPACT_REV);
            meta.executeUpdate();
            return (long) removed;
        }
    }

    private Row latest(String key) throws SQLException {
        latest.setString(1, key);
        try (ResultSet rs = latest.executeQuery()) {
            return rs.next() ? Rows.read(rs) : null;
        }
    }

    private void insert(Row row) throws SQLException {
        insert.setLong(1, row.id());
        insert.setString(2, row.name());
        insert.setInt(3, row.created() ? 1 : 0);
        insert.setInt(4, row.deleted() ? 1 : 0);
        insert.setLong(5, row.createRevision());
        insert.setLong(6, row.prevRevision());
        insert.setLong(7, row.lease());
        insert.setBytes(8, row.value());
        insert.executeUpdate();
    }

    /** A future for a queued op. */
    static CompletableFuture<Object> future() {
        return new CompletableFuture<>();
    }
}
