package io.k3j.apiserver.watch;

import tools.jackson.databind.node.ObjectNode;

/** Decides which objects a watch or list sees (namespace, label and field selectors). */
@FunctionalInterface
public interface WatchFilter {

    boolean matches(ObjectNode object);

    WatchFilter ALL = o -> true;
}
