package io.k3j.apiserver.watch;

/**
 * An event as a watch client sees it: ADDED, MODIFIED, DELETED or BOOKMARK, with the object
 * version it carries. {@code ERROR} events are made by the HTTP layer from a Status.
 */
public record WatchEvent(Type type, CachedObject object) {

    /** Upstream's watch event types. */
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }

    public long revision() {
        return object.revision();
    }
}
