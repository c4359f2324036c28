package io.k3j.storage;

/** An update or delete expected a revision the key no longer has; carries the current version. */
public class ConflictException extends StorageException {

    private final transient KeyValue current;

    public ConflictException(KeyValue current, long expected) {
        super("revision conflict on " + current.key() + ": expected " + expected + ", found "
                + current.modRevision());
        this.current = current;
    }

    public KeyValue current() {
        return current;
    }
}
