package io.k3j.storage;

import java.util.Optional;

/**
 * A revisioned key-value store with kine/etcd semantics. Every successful write gets the next
 * global revision; reads can be served as of any revision not older than the compaction point.
 * Writes return only once durable. Implementations are thread-safe.
 */
public interface Backend extends AutoCloseable {

    /** Creates a key; fails with {@link KeyExistsException} when a live key has that name. */
    long create(String key, byte[] value, long leaseSeconds);

    /**
     * Replaces a key's value if its modRevision equals {@code expectedRevision}
     * ({@link ConflictException} otherwise, {@link KeyNotFoundException} if not live).
     */
    long update(String key, byte[] value, long expectedRevision, long leaseSeconds);

    /**
     * Deletes a key, leaving a tombstone event. {@code expectedRevision} 0 deletes whatever
     * version is live; otherwise it must equal the key's modRevision.
     */
    DeleteResult delete(String key, long expectedRevision);

    /** The key's live version as of {@code revision} (0 = now). */
    Optional<KeyValue> get(String key, long revision);

    /**
     * Live keys starting with {@code prefix}, in key order, strictly after {@code startAfter}
     * (null = from the start), at most {@code limit} (0 = all), as of {@code revision} (0 = now).
     */
    ListResult list(String prefix, String startAfter, int limit, long revision);

    /** The number of live keys starting with {@code prefix}, now. */
    long count(String prefix);

    /**
     * Delivers every event on keys starting with {@code prefix} with a revision greater than
     * {@code fromRevision}, in order, until closed. Fails with {@link CompactedException}
     * when events after {@code fromRevision} have been compacted away.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    /** Discards history at and before {@code revision}; reads and watches there fail afterwards. */
    void compact(long revision);

    /** The revision of the latest durable write. */
    long currentRevision();

    /** The revision up to which history has been discarded. */
    long compactRevision();

    @Override
    void close();
}
