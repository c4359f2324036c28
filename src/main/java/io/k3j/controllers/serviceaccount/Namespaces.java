package io.k3j.controllers.serviceaccount;

import io.k3j.api.Meta;
import tools.jackson.databind.node.ObjectNode;

/** Namespace states the service account controllers care about. */
final class Namespaces {

    private Namespaces() {
    }

    /** Whether objects may be created in the namespace: it exists and is not being deleted. */
    static boolean active(ObjectNode ns) {
        return ns != null && !Meta.isDeleting(ns) && !"Terminating".equals(ns.path("status").path("phase").asString(""));
    }

    /** Upstream's ignorable create failures: already there (409), or the namespace is terminating or gone. */
    static boolean ignorable(int code) {
        return code == 409 || code == 403 || code == 404;
    }
}
