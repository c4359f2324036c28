package io.k3j.storage;

/** A create found a live key of that name. */
public class KeyExistsException extends StorageException {

    private final String key;

    public KeyExistsException(String key) {
        super("key already exists: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
