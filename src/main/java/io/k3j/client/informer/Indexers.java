package io.k3j.client.informer;

import io.k3j.api.Meta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The usual indexes, by upstream's names. */
public final class Indexers {

    /** Objects by metadata.namespace (upstream's cache.NamespaceIndex). */
    public static final String NAMESPACE = "namespace";
    /** Objects by the uid of each of their owner references. */
    public static final String OWNER_UID = "ownerUid";
    /** Objects without a controlling owner reference, by namespace (candidates for adoption). */
    public static final String ORPHANS = "orphansByNamespace";
    /** Pods by spec.nodeName (unscheduled pods are not indexed). */
    public static final String NODE_NAME = "spec.nodeName";

    private Indexers() {
    }

    public static final IndexFunc BY_NAMESPACE = o -> {
        String ns = Meta.namespace(o);
        return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
    };

    public static final IndexFunc BY_OWNER_UID = o -> {
        List<String> uids = new ArrayList<>();
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            String uid = ref.path("uid").asString("");
            if (!uid.isEmpty()) {
                uids.add(uid);
            }
        }
        return uids;
    };

    public static final IndexFunc BY_NODE_NAME = o -> {
        String node = o.path("spec").path("nodeName").asString("");
        return node.isEmpty() ? List.of() : List.of(node);
    };

    public static final IndexFunc ORPHANS_BY_NAMESPACE = o -> {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return List.of();
            }
        }
        String ns = Meta.namespace(o);
        return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
    };

    /** The namespace index alone, as most informers have. */
    public static Map<String, IndexFunc> namespace() {
        return Map.of(NAMESPACE, BY_NAMESPACE);
    }

    /** The indexes of a pod informer: namespace, owner uid, orphans by namespace and node name. */
    public static Map<String, IndexFunc> pods() {
        return Map.of(NAMESPACE, BY_NAMESPACE, OWNER_UID, BY_OWNER_UID, ORPHANS, ORPHANS_BY_NAMESPACE,
                NODE_NAME, BY_NODE_NAME);
    }
}
