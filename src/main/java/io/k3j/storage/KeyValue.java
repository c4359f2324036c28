package io.k3j.storage;

import java.nio.charset.StandardCharsets;

/**
 * One version of a key as stored: its value, the revision that created the key's current
 * incarnation, the revision of this version, and the TTL lease (seconds, 0 for none).
 * The value array is owned by the record; callers must not modify it.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long lease) {

    /** The value decoded as UTF-8, for logs and tests. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + " create=" + createRevision + " mod=" + modRevision
                + " lease=" + lease + " bytes=" + (value == null ? 0 : value.length) + "]";
    }
}
