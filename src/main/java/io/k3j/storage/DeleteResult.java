package io.k3j.storage;

/** The outcome of a delete: the tombstone's revision and the version that was deleted. */
public record DeleteResult(long revision, KeyValue deleted) {
}
