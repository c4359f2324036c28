package io.k3j.storage;

import java.util.List;

/**
 * One page of a prefix listing: the live keys in key order as of {@code revision}; when
 * {@code more} is true, the next page starts after the last key of this one, read at the same
 * revision.
 */
public record ListResult(List<KeyValue> kvs, long revision, boolean more) {

    /** The key after which the next page starts, or null when this is the last page. */
    public String continueAfter() {
        return more && !kvs.isEmpty() ? kvs.getLast().key() : null;
    }
}
