package io.k3j.storage.sql;

import io.k3j.storage.Backend;
import io.k3j.storage.CompactedException;
import io.k3j.storage.ConflictException;
import io.k3j.storage.DeleteResult;
import io.k3j.storage.Event;
import io.k3j.storage.KeyNotFoundException;
import io.k3j.storage.KeyValue;
import io.k3j.storage.Keys;
import io.k3j.storage.ListResult;
import io.k3j.storage.StorageException;
import io.k3j.storage.Watch;
import io.k3j.storage.WatchListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log-structured backend (kine's model): every write appends a row whose id is the new
 * global revision; a key's state at a revision is its newest row at or below it; compaction
 * deletes superseded rows. Writes go through the group {@link Committer}; reads use a pool
 * of read connections. Thread-safe.
 */
public final class SqlBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(SqlBackend.class);

    private final Dialect dialect;
    private final SqlOptions options;
    private final Connection writer;
    private final Committer committer;
    private final ConnectionPool readers;
    private final WatchHub hub = new WatchHub();
    private final LeaseReaper reaper;
    private final ReentrantLock compactLock = new ReentrantLock();
    private final Thread compactor;
    private volatile long compactRevision;
    private volatile boolean closed;

    private SqlBackend(Dialect dialect, SqlOptions options, Connection writer, long committed,
                       long compactRevision) throws SQLException {
        this.dialect = dialect;
        this.options = options;
        this.writer = writer;
        this.compactRevision = compactRevision;
        this.readers = new ConnectionPool(dialect, options.readConnections());
        this.reaper = new LeaseReaper(options.clock(), this::expire);
        this.committer = new Committer(writer, dialect, committed, options.maxBatch(), this::publish,
                hi -> this.compactRevision = Math.max(this.compactRevision, hi));
        this.compactor = Thread.ofVirtual().name("k3j-compactor").unstarted(this::compactLoop);
    }

    /** Opens (creating if needed) the datastore behind {@code dialect} and starts its workers. */
    public static SqlBackend open(Dialect dialect, SqlOptions options) {
        Connection conn = null;
        try {
            conn = dialect.connect(true);
            try (Statement st = conn.createStatement()) {
                for (String ddl : dialect.schema()) {
                    st.execute(ddl);
                }
            }
            long compact = meta(conn, Sql.COMPACT_REV);
            long maxId;
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(Sql.MAX_ID)) {
                maxId = rs.next() ? rs.getLong(1) : 0;
            }
            SqlBackend backend = new SqlBackend(dialect, options, conn, Math.max(maxId, compact), compact);
            backend.start();
            LOG.info("datastore {} open at revision {} (compacted to {})", dialect.describe(),
                    backend.currentRevision(), compact);
            return backend;
        } catch (SQLException e) {
            closeQuietly(conn);
            throw dialect.translate("open " + dialect.describe(), e);
        }
    }

    private static long meta(Connection conn, String name) throws SQLException {
        try (PreparedStatement get = conn.prepareStatement(Sql.META_GET)) {
            get.setString(1, name);
            try (ResultSet rs = get.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        boolean auto = conn.getAutoCommit();
        try (PreparedStatement init = conn.prepareStatement(Sql.META_INIT)) {
            init.setString(1, name);
            init.executeUpdate();
        }
        if (!auto) {
            conn.commit();
        }
        return 0;
    }

    private void start() throws SQLException {
        committer.start();
        readers.with("load leases", conn -> {
            try (PreparedStatement st = conn.prepareStatement(Sql.LEASED); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    reaper.track(Rows.read(rs).toKeyValue());
                }
            }
            return null;
        });
        reaper.start();
        if (!options.compactInterval().isZero()) {
            compactor.start();
        }
    }

    @Override
    public long create(String key, byte[] value, long leaseSeconds) {
        requireKey(key);
        return (Long) committer.submit(new WriteOp.Put(key, value, -1, leaseSeconds, Committer.future()));
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision, long leaseSeconds) {
        requireKey(key);
        if (expectedRevision <= 0) {
            throw new StorageException("update of " + key + " needs the expected revision");
        }
        return (Long) committer.submit(new WriteOp.Put(key, value, expectedRevision, leaseSeconds,
                Committer.future()));
    }

    @Override
    public DeleteResult delete(String key, long expectedRevision) {
        requireKey(key);
        return (DeleteResult) committer.submit(new WriteOp.Delete(key, expectedRevision, Committer.future()));
    }

    @Override
    public Optional<KeyValue> get(String key, long revision) {
        long at = readRevision(revision);
        Row row = readers.with("get " + key, conn -> {
            try (PreparedStatement st = conn.prepareStatement(Sql.LATEST_AT)) {
                st.setString(1, key);
                st.setLong(2, at);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Rows.read(rs) : null;
                }
            }
        });
        checkNotCompacted(at);
        return row == null || row.deleted() ? Optional.empty() : Optional.of(row.toKeyValue());
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long revision) {
        long at = readRevision(revision);
        String end = end(prefix);
        List<KeyValue> kvs = readers.with("list " + prefix, conn -> {
            try (PreparedStatement st = conn.prepareStatement(Sql.LIST)) {
                st.setString(1, startAfter == null ? "" : startAfter);
                st.setString(2, prefix);
                st.setString(3, end);
                st.setLong(4, at);
                st.setLong(5, limit <= 0 ? -1 : limit + 1L);
                List<KeyValue> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.read(rs).toKeyValue());
                    }
                }
                return out;
            }
        });
        checkNotCompacted(at);
        boolean more = limit > 0 && kvs.size() > limit;
        return new ListResult(more ? List.copyOf(kvs.subList(0, limit)) : kvs, at, more);
    }

    @Override
    public long count(String prefix) {
        return readers.with("count " + prefix, conn -> {
            try (PreparedStatement st = conn.prepareStatement(Sql.COUNT)) {
                st.setString(1, prefix);
                st.setString(2, end(prefix));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        ensureOpen();
        long from = fromRevision <= 0 ? committer.committedRevision() : fromRevision;
        checkNotCompacted(from);
        Watcher[] self = new Watcher[1];
        Watcher watcher = new Watcher(prefix, from, listener, options.maxWatchBacklog(),
                () -> hub.remove(self[0]));
        self[0] = watcher;
        hub.add(watcher);
        watcher.start(new Watcher.History() {
            @Override
            public List<Event> after(String p, long fromRev, long toRev, int limit) {
                return history(p, fromRev, toRev, limit);
            }

            @Override
            public long compactRevision() {
                return compactRevision;
            }
        }, committer.committedRevision());
        return watcher;
    }

    @Override
    public void compact(long revision) {
        ensureOpen();
        compactLock.lock();
        try {
            long current = committer.committedRevision();
            if (revision > current) {
                throw new StorageException("cannot compact to future revision " + revision
                        + " (current " + current + ")");
            }
            long lo = compactRevision;
            while (lo < revision) {
                long hi = Math.min(revision, lo + options.compactChunk());
                committer.submit(new WriteOp.CompactChunk(lo, hi, Committer.future()));
                lo = hi;
            }
        } finally {
            compactLock.unlock();
        }
    }

    @Override
    public long currentRevision() {
        return committer.committedRevision();
    }

    @Override
    public long compactRevision() {
        return compactRevision;
    }

    /** Number of watches currently registered (for metrics and tests). */
    public int watchCount() {
        return hub.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        compactor.interrupt();
        reaper.close();
        committer.close();
        hub.closeAll(new StorageException("datastore is closed"));
        readers.close();
        closeQuietly(writer);
        dialect.close();
    }

    private List<Event> history(String prefix, long from, long to, int limit) {
        return readers.with("watch history " + prefix, conn -> {
            try (PreparedStatement st = conn.prepareStatement(Sql.HISTORY)) {
                st.setLong(1, from);
                st.setLong(2, to);
                st.setString(3, prefix);
                st.setString(4, end(prefix));
                st.setInt(5, limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(historyEvent(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Event historyEvent(ResultSet rs) throws SQLException {
        Row row = Rows.read(rs);
        long prevId = rs.getLong(9);
        KeyValue prev = rs.wasNull() || prevId == 0 ? null
                : new KeyValue(row.name(), rs.getBytes(12), rs.getLong(10), prevId, rs.getLong(11));
        if (row.deleted()) {
            byte[] last = prev == null ? null : prev.value();
            return new Event(Event.Type.DELETE,
                    new KeyValue(row.name(), last, row.createRevision(), row.id(), 0), prev);
        }
        return row.created()
                ? new Event(Event.Type.CREATE, row.toKeyValue(), null)
                : new Event(Event.Type.UPDATE, row.toKeyValue(), prev);
    }

    private void publish(List<Event> events) {
        hub.publish(events);
        reaper.observe(events);
    }

    private void expire(String key, long modRevision) {
        try {
            delete(key, modRevision);
        } catch (KeyNotFoundException | ConflictException e) {
            // rewritten or deleted since the lease was set: nothing to expire
        }
    }

    private void compactLoop() {
        long intervalMillis = options.compactInterval().toMillis();
        while (!closed) {
            try {
                Thread.sleep(intervalMillis);
                long target = committer.committedRevision() - options.compactRetain();
                if (target > compactRevision) {
                    compact(target);
                }
            } catch (InterruptedException e) {
                return;
            } catch (StorageException e) {
                if (!closed) {
                    LOG.warn("compaction failed: {}", e.getMessage());
                }
            }
        }
    }

    private long readRevision(long revision) {
        ensureOpen();
        long current = committer.committedRevision();
        if (revision <= 0) {
            return current;
        }
        if (revision > current) {
            throw new StorageException("revision " + revision + " is in the future (current " + current + ")");
        }
        checkNotCompacted(revision);
        return revision;
    }

    private void checkNotCompacted(long revision) {
        long compacted = compactRevision;
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("datastore is closed");
        }
    }

    private static String end(String prefix) {
        String end = Keys.prefixEnd(prefix);
        return end == null ? Sql.MAX_KEY : end;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new StorageException("empty key");
        }
    }

    private static void closeQuietly(Connection conn) {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // already failing or closing
            }
        }
    }
}
