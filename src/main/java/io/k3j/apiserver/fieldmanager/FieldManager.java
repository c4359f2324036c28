package io.k3j.apiserver.fieldmanager;

import io.k3j.api.Meta;
import io.k3j.apiserver.schema.TypeDef;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} of one resource's objects up to date on every
 * non-apply write, as upstream's field manager does for operation "Update": the writer takes
 * ownership of the fields it added or changed (taking them from other managers), removed
 * fields leave every manager, managers left with nothing are dropped, and each
 * (manager, apiVersion, subresource) has one entry whose time moves when it changes something.
 * Fields upstream never tracks (apiVersion, kind, name, namespace, uid, resourceVersion, …)
 * are left out, as are the fields a write cannot change: status through the main resource of a
 * kind with a status subresource, everything but status through the status subresource.
 * Thread-safe.
 */
public final class FieldManager {

    /** The manager recorded when a request names none and sends no user agent. */
    public static final String UNKNOWN_MANAGER = "unknown";

    private static final FieldSet NEVER_TRACKED = stripSet();
    private static final FieldSet STATUS = FieldSet.of(java.util.List.of(java.util.List.of(PathElement.field("status"))));

    private final TypeDef type;
    private final String apiVersion;
    private final boolean hasStatus;

    /**
     * @param type       the structure of the resource's objects
     * @param apiVersion the group/version writes go through, recorded in entries
     * @param hasStatus  whether the resource has a status subresource (main writes then leave status alone)
     */
    public FieldManager(TypeDef type, String apiVersion, boolean hasStatus) {
        this.type = type;
        this.apiVersion = apiVersion;
        this.hasStatus = hasStatus;
    }

    private static FieldSet stripSet() {
        FieldSet s = new FieldSet();
        s.insert(PathElement.field("apiVersion"));
        s.insert(PathElement.field("kind"));
        s.insert(PathElement.field("metadata"));
        for (String f : new String[]{"name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
            "generation", "managedFields", "resourceVersion"}) {
            s.insert(PathElement.field("metadata"), PathElement.field(f));
        }
        return s;
    }

    /**
     * Sets the managedFields of {@code updated} for a write by {@code manager} at {@code time}
     * (RFC 3339). {@code live} is the object before the write without its resourceVersion, or
     * null for a create; it is only read. {@code subresource} is null for the main resource.
     */
    public void update(ObjectNode live, ObjectNode updated, String manager, String subresource, String time) {
        ObjectNode meta = Meta.metadata(updated);
        JsonNode liveFields = live == null ? null : live.path("metadata").get("managedFields");
        JsonNode sent = meta.get("managedFields");

        Map<String, ManagedEntry> managed = null;
        boolean unchangedFromLive = false;
        if (subresource == null && ManagedFields.isReset(sent)) {
            managed = new java.util.LinkedHashMap<>();
        } else if (subresource == null && sent != null && !sent.isNull()) {
            try {
                managed = ManagedFields.decode(sent, false);
                if (managed.isEmpty()) {
                    managed = null;
                }
            } catch (IllegalArgumentException invalid) {
                managed = null;
            }
        }
        if (managed == null) {
            try {
                managed = ManagedFields.decode(liveFields, true);
                unchangedFromLive = true;
            } catch (IllegalArgumentException invalid) {
                managed = new java.util.LinkedHashMap<>();
            }
        }
        meta.remove("managedFields");

        Comparison diff = Comparison.compare(live == null ? type.skeleton() : live, updated, type)
                .without(ignoredFields(live, updated, subresource));
        FieldSet changed = diff.changed();
        boolean touched = false;
        for (Iterator<Map.Entry<String, ManagedEntry>> it = managed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ManagedEntry> e = it.next();
            FieldSet before = e.getValue().fields();
            FieldSet after = before.difference(changed).difference(diff.removed());
            if (after.isEmpty()) {
                it.remove();
                touched = true;
            } else if (after != before) {
                e.setValue(e.getValue().withFields(after));
                touched = true;
            }
        }
        FieldSet owned = changed.difference(NEVER_TRACKED);
        if (!owned.isEmpty()) {
            String name = manager == null || manager.isEmpty() ? UNKNOWN_MANAGER : manager;
            String sub = subresource == null ? "" : subresource;
            String id = ManagedEntry.identity(name, ManagedEntry.UPDATE, apiVersion, sub);
            ManagedEntry previous = managed.get(id);
            managed.put(id, new ManagedEntry(name, ManagedEntry.UPDATE, apiVersion, time, sub,
                    previous == null ? owned : owned.union(previous.fields()), null));
            touched = true;
        }
        touched |= ManagedFields.capUpdateManagers(managed);

        if (unchangedFromLive && !touched) {
            if (liveFields != null && !liveFields.isNull()) {
                meta.set("managedFields", liveFields);
            }
            return;
        }
        ArrayNode encoded = ManagedFields.encode(managed.values());
        if (encoded != null) {
            meta.set("managedFields", encoded);
        }
    }

    /**
     * What a write through {@code subresource} cannot change and so never owns: status through
     * the main resource (when there is a status subresource), every top-level field but status
     * through the status subresource.
     */
    private FieldSet ignoredFields(ObjectNode live, ObjectNode updated, String subresource) {
        if ("status".equals(subresource)) {
            FieldSet s = new FieldSet();
            for (ObjectNode o : new ObjectNode[]{live, updated}) {
                if (o != null) {
                    for (String name : o.propertyNames()) {
                        if (!name.equals("status")) {
                            s.insert(PathElement.field(name));
                        }
                    }
                }
            }
            return s;
        }
        return hasStatus ? STATUS : null;
    }
}
