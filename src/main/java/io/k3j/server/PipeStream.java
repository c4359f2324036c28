package io.k3j.server;

import io.k3j.api.Json;
import io.k3j.apiserver.http.ResponseStream;
import io.k3j.client.Transport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Joins a streamed response's writer (the handler, as a {@link ResponseStream}) to a client's
 * reader (as a {@link Transport.Stream}) through a bounded queue of chunks: the writer blocks
 * while the reader is slow, the reader blocks until a chunk arrives, and closing the reader
 * runs the handler's close actions as a disconnect would. Watch events travel as the server's
 * objects ({@link Transport.SharedEvent}), not as JSON, for a reader that takes chunks; one that
 * reads the body gets them encoded. Thread-safe.
 */
final class PipeStream implements ResponseStream, Transport.Stream {

    private static final byte[] EOF = new byte[0];

    private final int status;
    private final Map<String, String> headers;
    /** byte[] chunks and SharedEvents, EOF last. */
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(256);
    private final List<Runnable> closeActions = new ArrayList<>();
    private volatile boolean closed;
    private final InputStream in = new Reader();
    private boolean ended;

    PipeStream(int status, Map<String, String> headers) {
        this.status = status;
        this.headers = headers;
    }

    @Override
    public boolean write(byte[] chunk) {
        return offer(chunk);
    }

    @Override
    public boolean writeEvent(String type, ObjectNode object, Supplier<byte[]> frame) {
        return offer(new Transport.SharedEvent(type, object));
    }

    private boolean offer(Object chunk) {
        try {
            while (!closed) {
                if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (closeActions) {
            if (!closed) {
                closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** The writer is done: the reader sees end of stream after the queued chunks. */
    void finish() {
        try {
            while (!closed && !chunks.offer(EOF, 50, TimeUnit.MILLISECONDS)) {
                // wait for the reader to make room, or to go away
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return in;
    }

    @Override
    public boolean chunked() {
        return true;
    }

    /** The next chunk in order; null at EOF or once closed. One reader at a time. */
    @Override
    public Object nextChunk() {
        while (!ended) {
            try {
                Object next = chunks.take();
                if (next == EOF || closed && chunks.isEmpty() && next instanceof byte[] b && b.length == 0) {
                    ended = true;
                    if (closed) {
                        chunks.offer(EOF);
                    }
                    return null;
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = true;
            }
        }
        return null;
    }

    @Override
    public void close() {
        List<Runnable> actions;
        synchronized (closeActions) {
            if (closed) {
                return;
            }
            closed = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        chunks.clear();
        chunks.offer(EOF);
        actions.forEach(Runnable::run);
    }

    /** A watch event as the JSON line a remote client would read. */
    static byte[] frame(Transport.SharedEvent e) {
        byte[] object = Json.bytes(e.object());
        byte[] head = ("{\"type\":\"" + e.type() + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[head.length + object.length + 2];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(object, 0, f, head.length, object.length);
        f[f.length - 2] = '}';
        f[f.length - 1] = '\n';
        return f;
    }

    /** Reads the chunks in order as bytes; end of stream at EOF or once closed. */
    private final class Reader extends InputStream {
        private byte[] current = new byte[0];
        private int pos;

        private boolean fill() {
            while (pos >= current.length) {
                Object next = nextChunk();
                if (next == null) {
                    return false;
                }
                current = next instanceof Transport.SharedEvent e ? frame(e) : (byte[]) next;
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }

        @Override
        public void close() {
            PipeStream.this.close();
        }
    }
}
