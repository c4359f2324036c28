package io.k3j.storage.sql;

import io.k3j.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the SQL databases the log-structured backend runs on: how to connect,
 * the schema, and how to turn a driver error into a clear {@link StorageException}.
 */
public interface Dialect extends AutoCloseable {

    /** Human-readable description of the datastore, for logs and errors (no credentials). */
    String describe();

    /** Opens a connection configured for durable writes ({@code writer}) or for reads. */
    Connection connect(boolean writer) throws SQLException;

    /** Idempotent DDL creating the log table, its indexes and the meta table. */
    List<String> schema();

    /** Translates a driver error raised while doing {@code action}. */
    StorageException translate(String action, SQLException error);

    /** Releases what the dialect holds (file locks); called once the backend is closed. */
    @Override
    default void close() {
    }
}
