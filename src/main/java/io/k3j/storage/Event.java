package io.k3j.storage;

/**
 * A change to one key, as delivered by {@link Backend#watch}. For {@code DELETE} the kv holds
 * the deletion's revision as modRevision and the last value the key had; {@code prevKv} is the
 * version this event replaced (null for CREATE, or when compaction removed it).
 */
public record Event(Type type, KeyValue kv, KeyValue prevKv) {

    /** What happened to the key. */
    public enum Type { CREATE, UPDATE, DELETE }

    /** The revision at which the change happened. */
    public long revision() {
        return kv.modRevision();
    }
}
