package io.k3j.storage;

/** A datastore failure; subclasses name the precondition failures callers act on. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
