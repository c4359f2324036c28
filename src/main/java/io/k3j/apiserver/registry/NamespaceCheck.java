package io.k3j.apiserver.registry;

/** Tells the generic store whether a namespace may receive new objects. */
public interface NamespaceCheck {

    /** Throws a 404 when {@code namespace} does not exist, a 403 when it is being terminated. */
    void checkCanCreateIn(String namespace);
}
