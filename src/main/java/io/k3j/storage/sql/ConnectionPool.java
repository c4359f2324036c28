package io.k3j.storage.sql;

import io.k3j.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A fixed set of read connections, opened on demand and shared by borrowing. Thread-safe. */
final class ConnectionPool implements AutoCloseable {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection conn) throws SQLException;
    }

    private final Dialect dialect;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final int size;
    private volatile boolean closed;

    ConnectionPool(Dialect dialect, int size) {
        this.dialect = dialect;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    <T> T with(String action, Work<T> work) {
        Connection conn = borrow();
        try {
            return work.run(conn);
        } catch (SQLException e) {
            throw dialect.translate(action, e);
        } finally {
            idle.add(conn);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new StorageException("datastore is closed");
        }
        Connection conn = idle.poll();
        if (conn != null) {
            return conn;
        }
        synchronized (all) {
            if (all.size() < size) {
                try {
                    Connection fresh = dialect.connect(false);
                    all.add(fresh);
                    return fresh;
                } catch (SQLException e) {
                    throw dialect.translate("open read connection", e);
                }
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted waiting for a datastore connection");
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Connection conn : all) {
                try {
                    conn.close();
                } catch (SQLException ignored) {
                    // closing: nothing left to do with it
                }
            }
            all.clear();
        }
    }
}
