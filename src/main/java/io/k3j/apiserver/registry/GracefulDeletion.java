package io.k3j.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * A strategy for kinds whose deletion is two-phase: marked first, finished by another party
 * (namespaces: the namespace controller, through spec.finalizers; later pods: the kubelet).
 */
public interface GracefulDeletion extends Strategy {

    /** Adjusts an object being marked for deletion (e.g. namespace phase Terminating). */
    void onDeletionMarked(ObjectNode obj);

    /**
     * Whether something of the kind's own (beyond metadata.finalizers) still keeps the object
     * from being removed; an object being deleted is removed once neither holds it.
     */
    default boolean holdsDeletion(ObjectNode obj) {
        return true;
    }
}
