package io.k3j.apiserver.http;

/** The open body of a streamed response. Not thread-safe: one writer at a time. */
public interface ResponseStream {

    /** Writes and flushes one chunk; returns false once the client has gone. Blocks while the client is slow. */
    boolean write(byte[] chunk);

    /** Whether the client is still connected. */
    boolean isOpen();

    /** Runs {@code action} once when the client disconnects (or immediately if it already has). */
    void onClose(Runnable action);
}
