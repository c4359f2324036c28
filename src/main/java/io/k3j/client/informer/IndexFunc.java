package io.k3j.client.informer;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Computes the index values of an object (upstream's cache.IndexFunc); none means not indexed. */
@FunctionalInterface
public interface IndexFunc {

    List<String> index(ObjectNode object);
}
