package io.k3j.client;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An open watch, read as an iterator of {@link WatchEvent}s. {@link #hasNext} blocks for the
 * next event and returns false when the server ends the stream normally (timeout) or the watch
 * is closed; it throws {@link ApiException} when the server sends an ERROR event (410 Expired
 * for a compacted resourceVersion) or the connection fails (a Status with code 500). Tracks the
 * last resourceVersion seen, bookmarks included, for resuming. One reader at a time.
 */
public final class Watch implements Iterator<WatchEvent>, AutoCloseable {

    private final Transport.Stream stream;
    private final InputStream body;
    private byte[] buffer;
    private int start;
    private int end;
    /** Bytes before this index (from {@code start}) hold no line end. */
    private int scanned;
    private WatchEvent next;
    private volatile boolean closed;
    private volatile String resourceVersion;
    private boolean ended;
    private volatile boolean withoutManagedFields;

    /** Reads events from {@code stream}, a watch response that started after {@code fromResourceVersion}. */
    public Watch(Transport.Stream stream, String fromResourceVersion) {
        this.stream = stream;
        this.body = stream.chunked() ? null : stream.body();
        this.buffer = stream.chunked() ? null : new byte[16 * 1024];
        this.resourceVersion = fromResourceVersion;
    }

    /**
     * Objects handed over by a server in the same process come without their
     * {@code metadata.managedFields}, for a reader that would drop them anyway.
     */
    public void withoutManagedFields() {
        withoutManagedFields = true;
    }

    /**
     * The object without {@code metadata.managedFields}. A frozen object (the server's watch
     * cache shares its own) is not copied: the result is a frozen object sharing its members.
     */
    static ObjectNode copyWithoutManagedFields(ObjectNode object) {
        return Json.frozen(object) ? Json.freeze(Meta.sharingWithout(object, "managedFields"))
                : Meta.sharingWithout(object.deepCopy(), "managedFields");
    }

    /** The resourceVersion of the last event read, or the one the watch started from. */
    public String resourceVersion() {
        return resourceVersion;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        while (true) {
            Object item;
            try {
                item = read();
            } catch (IOException e) {
                ended = true;
                if (closed) {
                    return false;
                }
                throw new ApiException(new Status(500, "InternalError", "watch connection failed: " + e.getMessage()));
            }
            if (item == null) {
                ended = true;
                return false;
            }
            String type;
            JsonNode obj;
            if (item instanceof Transport.SharedEvent shared) {
                type = shared.type();
                obj = withoutManagedFields ? copyWithoutManagedFields(shared.object()) : shared.object().deepCopy();
            } else {
                JsonNode ev = Json.parse((byte[]) item);
                type = ev.path("type").asString("");
                obj = ev.path("object");
            }
            if (type.equals("ERROR")) {
                ended = true;
                close();
                throw new ApiException(Statuses.fromNode(obj, 500));
            }
            if (!(obj instanceof ObjectNode o)) {
                continue;
            }
            WatchEvent.Type t;
            try {
                t = WatchEvent.Type.valueOf(type);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String rv = o.path("metadata").path("resourceVersion").asString("");
            if (!rv.isEmpty()) {
                resourceVersion = rv;
            }
            next = new WatchEvent(t, o);
            return true;
        }
    }

    /**
     * The next event: a {@link Transport.SharedEvent} from a chunked stream, or one non-blank JSON
     * line; null at the end of the stream.
     */
    private Object read() throws IOException {
        if (body == null) {
            while (true) {
                Object chunk = stream.nextChunk();
                if (!(chunk instanceof byte[] bytes) || !isBlank(bytes, 0, bytes.length)) {
                    return chunk;
                }
            }
        }
        while (true) {
            for (; scanned < end; scanned++) {
                if (buffer[scanned] == '\n') {
                    int from = start;
                    int to = scanned;
                    start = ++scanned;
                    if (!isBlank(buffer, from, to)) {
                        return Arrays.copyOfRange(buffer, from, to);
                    }
                }
            }
            if (!fill()) {
                if (!isBlank(buffer, start, end)) {
                    byte[] last = Arrays.copyOfRange(buffer, start, end);
                    start = end;
                    return last;
                }
                return null;
            }
        }
    }

    /** Reads more of the body, growing the buffer for long lines; false at the end. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = body.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\r' && b[i] != '\n' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public WatchEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        WatchEvent e = next;
        next = null;
        return e;
    }

    /** Ends the watch; a blocked {@link #hasNext} returns false. Idempotent, callable from any thread. */
    @Override
    public void close() {
        closed = true;
        stream.close();
    }

    public boolean isClosed() {
        return closed;
    }
}
