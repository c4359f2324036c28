package io.k3j.apiserver.http;

import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/** The open body of a streamed response. Not thread-safe: one writer at a time. */
public interface ResponseStream {

    /** Writes and flushes one chunk; returns false once the client has gone. Blocks while the client is slow. */
    boolean write(byte[] chunk);

    /**
     * Writes one watch event of {@code type} carrying {@code object}, whose encoding as a JSON line
     * is {@code frame}. A stream that reaches a client inside the server hands over the object
     * itself (which no one may modify); others write the frame.
     */
    default boolean writeEvent(String type, ObjectNode object, Supplier<byte[]> frame) {
        return write(frame.get());
    }

    /** Whether the client is still connected. */
    boolean isOpen();

    /** Runs {@code action} once when the client disconnects (or immediately if it already has). */
    void onClose(Runnable action);
}
