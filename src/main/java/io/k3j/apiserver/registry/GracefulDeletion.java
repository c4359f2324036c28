package io.k3j.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * A strategy for kinds whose deletion is two-phase: marked first, finished by another party
 * (namespaces: the namespace lifecycle; later pods: the kubelet).
 */
public interface GracefulDeletion extends Strategy {

    /** Adjusts an object being marked for deletion (e.g. namespace phase Terminating). */
    void onDeletionMarked(ObjectNode obj);
}
