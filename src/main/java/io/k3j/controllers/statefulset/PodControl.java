package io.k3j.controllers.statefulset;

import tools.jackson.databind.node.ObjectNode;

/** The writes a StatefulSet sync makes (upstream's StatefulPodControl); an API-backed one and a recording one in tests. */
public interface PodControl {

    /** Creates the pod's claims (existing ones are kept) and then the pod. */
    void createPod(ObjectNode set, ObjectNode pod);

    /** Deletes the pod; {@code condemned} when scaling down, so claims retained whenScaled=Delete go with it. */
    void deletePod(ObjectNode set, ObjectNode pod, boolean condemned);

    /** Restores the pod's identity labels. */
    void updateIdentity(ObjectNode set, ObjectNode pod, int ordinal);
}
