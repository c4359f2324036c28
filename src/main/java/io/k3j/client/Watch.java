package io.k3j.client;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
    private final BufferedReader reader;
    private WatchEvent next;
    private volatile boolean closed;
    private volatile String resourceVersion;
    private boolean ended;

    /** Reads events from {@code stream}, a watch response that started after {@code fromResourceVersion}. */
    public Watch(Transport.Stream stream, String fromResourceVersion) {
        this.stream = stream;
        this.reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        this.resourceVersion = fromResourceVersion;
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
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                ended = true;
                if (closed) {
                    return false;
                }
                throw new ApiException(new Status(500, "InternalError", "watch connection failed: " + e.getMessage()));
            }
            if (line == null) {
                ended = true;
                return false;
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode ev = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            String type = ev.path("type").asString("");
            JsonNode obj = ev.path("object");
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
