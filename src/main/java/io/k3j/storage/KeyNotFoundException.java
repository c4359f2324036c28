package io.k3j.storage;

/** An update, delete or get named a key that is not live. */
public class KeyNotFoundException extends StorageException {

    private final String key;

    public KeyNotFoundException(String key) {
        super("key not found: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
