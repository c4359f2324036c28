package io.k3j.client;

import io.k3j.api.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Options of a delete (upstream's metav1.DeleteOptions): propagation policy ("Orphan",
 * "Background", "Foreground"), grace period, and uid / resourceVersion preconditions. Null
 * fields are left to the server's defaults.
 */
public record DeleteOptions(String propagationPolicy, Long gracePeriodSeconds, String preconditionUid,
                            String preconditionResourceVersion) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null);
    }

    public static DeleteOptions propagation(String policy) {
        return new DeleteOptions(policy, null, null, null);
    }

    public DeleteOptions withGracePeriodSeconds(long seconds) {
        return new DeleteOptions(propagationPolicy, seconds, preconditionUid, preconditionResourceVersion);
    }

    public DeleteOptions withPreconditions(String uid, String resourceVersion) {
        return new DeleteOptions(propagationPolicy, gracePeriodSeconds, uid, resourceVersion);
    }

    boolean isDefault() {
        return propagationPolicy == null && gracePeriodSeconds == null && preconditionUid == null
                && preconditionResourceVersion == null;
    }

    ObjectNode toNode() {
        ObjectNode o = Json.object();
        o.put("kind", "DeleteOptions");
        o.put("apiVersion", "v1");
        if (propagationPolicy != null) {
            o.put("propagationPolicy", propagationPolicy);
        }
        if (gracePeriodSeconds != null) {
            o.put("gracePeriodSeconds", gracePeriodSeconds);
        }
        if (preconditionUid != null || preconditionResourceVersion != null) {
            ObjectNode p = o.putObject("preconditions");
            if (preconditionUid != null) {
                p.put("uid", preconditionUid);
            }
            if (preconditionResourceVersion != null) {
                p.put("resourceVersion", preconditionResourceVersion);
            }
        }
        return o;
    }
}
