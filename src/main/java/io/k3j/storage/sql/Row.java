package io.k3j.storage.sql;

import io.k3j.storage.KeyValue;

/** One row of the log table: a version, a tombstone or the first version of a key. */
record Row(long id, String name, boolean created, boolean deleted, long createRevision,
           long prevRevision, long lease, byte[] value) {

    KeyValue toKeyValue() {
        return new KeyValue(name, value, createRevision, id, lease);
    }
}
