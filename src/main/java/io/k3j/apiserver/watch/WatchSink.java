package io.k3j.apiserver.watch;

/** Where a cache watch delivers; called from one thread at a time, in order. */
public interface WatchSink {

    /** Sends one event; returns false when the client is gone and the watch should end. */
    boolean send(WatchEvent event);

    /** The watch ended on the server's side (too slow, cache restarted, shutdown). */
    void end(String reason);
}
