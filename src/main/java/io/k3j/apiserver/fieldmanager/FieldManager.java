package io.k3j.apiserver.fieldmanager;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeDef;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code metadata.managedFields} of one resource's objects up to date on every write, as
 * upstream's field manager does. {@link #apply} is server-side apply (operation "Apply", see
 * {@link Updater}). {@link #update} is every other write (operation "Update"): the writer takes
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
    private final String kind;
    private final boolean hasStatus;
    private final TypedFields typed;

    /**
     * @param type       the structure of the resource's objects
     * @param apiVersion the group/version writes go through, recorded in entries
     * @param hasStatus  whether the resource has a status subresource (main writes then leave status alone)
     */
    public FieldManager(TypeDef type, String apiVersion, boolean hasStatus) {
        this(type, apiVersion, null, hasStatus, null);
    }

    /**
     * @param kind   the kind applied configurations must name (null: not checked)
     * @param schema the API schema telling struct fields from map entries for apply (null: none)
     */
    public FieldManager(TypeDef type, String apiVersion, String kind, boolean hasStatus, Schema schema) {
        this.type = type;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.hasStatus = hasStatus;
        this.typed = new TypedFields(type, schema, schema == null || kind == null ? null : schema.kind(apiVersion, kind));
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
     * Server-side apply of {@code config} by {@code manager}: the object it makes of
     * {@code live} (without its resourceVersion; null when the object does not exist yet), with
     * its managedFields — the applier's "Apply" entry (time moved only when the object changes)
     * owning exactly what it applied, the other entries updated. {@code live} is only read.
     * Fails with upstream's 400 for a configuration of another kind or carrying managedFields,
     * 500 for one that does not fit the kind's list semantics, and 409 when other managers own
     * fields the apply changes, unless {@code force}. Through the main resource a kind's
     * status is ignored; through the status subresource everything else is.
     */
    public ObjectNode apply(ObjectNode live, ObjectNode config, String manager, String subresource, boolean force,
                            String time) {
        String configVersion = Meta.string(config, "apiVersion");
        String configKind = Meta.string(config, "kind");
        if (!apiVersion.equals(configVersion) || kind != null && !kind.equals(configKind)) {
            throw new ApiException(Status.badRequest("invalid object type: " + gvk(configVersion, configKind)));
        }
        JsonNode configMeta = config.get("metadata");
        if (configMeta != null && configMeta.hasNonNull("managedFields")) {
            throw new ApiException(Status.badRequest("metadata.managedFields must be nil"));
        }
        ObjectNode current = live == null ? Json.object() : live.deepCopy();
        JsonNode liveFields = null;
        if (current.get("metadata") instanceof ObjectNode m) {
            liveFields = m.remove("managedFields");
            m.remove("resourceVersion");
        }
        Map<String, ManagedEntry> managed;
        try {
            managed = ManagedFields.decode(liveFields, true);
        } catch (IllegalArgumentException invalid) {
            managed = new LinkedHashMap<>();
        }
        String sub = subresource == null ? "" : subresource;
        String id = ManagedEntry.identity(manager, ManagedEntry.APPLY, "", sub);
        FieldSet ignored = ignoredFields(live, config, subresource);
        FieldSet configSet;
        try {
            configSet = typed.toFieldSet(config);
        } catch (TypedFields.InvalidObject e) {
            String ns = Meta.namespace(config);
            String name = Meta.name(config);
            // upstream answers 500 here; a malformed configuration is the client's error
            throw new ApiException(new Status(422, "Invalid", "failed to create typed patch object ("
                    + (ns == null ? "" : ns) + "/" + (name == null ? "" : name) + "; "
                    + gvk(configVersion, configKind) + "): " + e.getMessage()));
        }
        if (ignored != null) {
            configSet = configSet.recursiveDifference(ignored);
        }
        Updater.Result r;
        try {
            r = Updater.apply(current, config, configSet, managed, id, force, ignored, typed);
        } catch (Conflicts c) {
            Conflicts left = c;
            FieldSet allowed = LastApplied.KUBECTL.equals(manager) ? LastApplied.allowedConflicts(current, typed)
                    : null;
            if (allowed != null) {
                left = c.without(allowed);
            }
            if (left != null) {
                throw left.toException();
            }
            r = Updater.apply(current, config, configSet, managed, id, true, ignored, typed);
        }

        Map<String, ManagedEntry> entries = new LinkedHashMap<>(r.others());
        FieldSet mine = r.applied().difference(NEVER_TRACKED);
        if (!mine.isEmpty()) {
            ManagedEntry previous = managed.get(id);
            // upstream moves the time only when the object changes (a new entry may have none)
            String when = r.changed() ? time : previous == null ? null : previous.time();
            if (previous != null && previous.fields().equals(mine) && Objects.equals(previous.time(), when)) {
                entries.put(id, previous);
            } else {
                entries.put(id, new ManagedEntry(manager, ManagedEntry.APPLY, apiVersion, when, sub, mine, null));
            }
        }
        ManagedFields.capUpdateManagers(entries);
        ObjectNode result = r.object();
        ObjectNode meta = Meta.metadata(result);
        meta.remove("managedFields");
        ArrayNode encoded = ManagedFields.encode(entries.values());
        if (encoded != null) {
            meta.set("managedFields", encoded);
        }
        if (LastApplied.KUBECTL.equals(manager)) {
            LastApplied.update(result, config);
        }
        return result;
    }

    /** A group/version/kind as upstream prints it: {@code apps/v1, Kind=Deployment}, {@code /v1, Kind=Pod}. */
    private static String gvk(String apiVersion, String kind) {
        String v = apiVersion == null ? "" : apiVersion;
        return (v.contains("/") ? v : "/" + v) + ", Kind=" + (kind == null ? "" : kind);
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
