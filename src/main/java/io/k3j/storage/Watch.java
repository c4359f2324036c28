package io.k3j.storage;

/** A running watch; closing it stops delivery. Idempotent and thread-safe. */
public interface Watch extends AutoCloseable {

    @Override
    void close();
}
