package io.k3j.apiserver.watch;

/** A change applied to the cache: the new version (or, for deletes, the last one) and the previous. */
record CacheEvent(WatchEvent.Type type, CachedObject object, CachedObject previous) {

    long revision() {
        return object.revision();
    }
}
