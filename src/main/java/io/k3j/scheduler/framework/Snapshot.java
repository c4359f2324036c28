package io.k3j.scheduler.framework;

import java.util.Collection;
import java.util.List;

/** The cluster as one scheduling cycle sees it: every node with its pods. Read under the cache's lock. */
public interface Snapshot {

    /** Every node, in a stable order. */
    List<NodeInfo> nodes();

    /** The node named so, or null. */
    NodeInfo node(String name);

    /** A pod on a node. */
    record Placed(PodInfo pod, NodeInfo node) {
    }

    /** The bound or assumed pods that have required pod anti-affinity terms, with their nodes. */
    Collection<Placed> podsWithRequiredAntiAffinity();

    /** The bound or assumed pods that have any pod affinity or anti-affinity terms, with their nodes. */
    Collection<Placed> podsWithAffinity();
}
