package io.k3j.apiserver.fieldmanager;

import io.k3j.api.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and writing {@code metadata.managedFields}, with upstream's rules: what makes a list
 * invalid, what resets it, the order entries are written in, and the cap on the number of
 * update entries. Stateless.
 */
public final class ManagedFields {

    /** Update entries kept before the oldest are merged into "ancient-changes" buckets. */
    public static final int MAX_UPDATE_MANAGERS = 10;
    static final String ANCIENT_CHANGES = "ancient-changes";

    /** An entry with its time in seconds, worked out once for sorting. */
    private record Timed(ManagedEntry entry, long seconds) {
    }

    private static final Comparator<Timed> ORDER = Comparator.<Timed, String>comparing(t -> t.entry().operation())
            .thenComparingLong(Timed::seconds)
            .thenComparing(t -> t.entry().manager())
            .thenComparing(t -> t.entry().apiVersion())
            .thenComparing(t -> t.entry().subresource());

    private ManagedFields() {
    }

    /**
     * Whether a request's managedFields asks for them to be cleared: an empty list, or a list
     * of one empty entry.
     */
    public static boolean isReset(JsonNode managedFields) {
        if (managedFields == null || !managedFields.isArray()) {
            return false;
        }
        if (managedFields.isEmpty()) {
            return true;
        }
        if (managedFields.size() != 1 || !(managedFields.get(0) instanceof ObjectNode entry)) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : entry.properties()) {
            JsonNode v = e.getValue();
            boolean zero = v.isNull() || v.isString() && v.stringValue().isEmpty() && !e.getKey().equals("fieldsV1");
            if (!zero) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a managedFields list into entries by identity (a later duplicate replaces an
     * earlier one). Absent or null is empty; anything invalid raises
     * {@link IllegalArgumentException}. With {@code keepRaw} each entry remembers its FieldsV1
     * tree, for lists that were written by this server.
     */
    public static Map<String, ManagedEntry> decode(JsonNode managedFields, boolean keepRaw) {
        Map<String, ManagedEntry> out = new LinkedHashMap<>();
        if (managedFields == null || managedFields.isNull()) {
            return out;
        }
        if (!managedFields.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        int i = 0;
        for (JsonNode e : managedFields) {
            if (!(e instanceof ObjectNode o)) {
                throw new IllegalArgumentException("managed fields entry " + i + " is not an object");
            }
            String operation = string(o, "operation");
            if (!ManagedEntry.APPLY.equals(operation) && !ManagedEntry.UPDATE.equals(operation)) {
                throw new IllegalArgumentException("operation must be `Apply` or `Update`");
            }
            String apiVersion = string(o, "apiVersion");
            if (apiVersion == null || apiVersion.isEmpty()) {
                throw new IllegalArgumentException("apiVersion must not be empty");
            }
            String fieldsType = string(o, "fieldsType");
            if (fieldsType == null || fieldsType.isEmpty()) {
                throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
            }
            if (!fieldsType.equals("FieldsV1")) {
                throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry "
                        + i);
            }
            String time = string(o, "time");
            if (time != null && !time.isEmpty()) {
                if (!io.k3j.api.Rfc3339.valid(time)) {
                    throw new IllegalArgumentException("invalid time in managed fields entry " + i);
                }
            }
            JsonNode raw = o.get("fieldsV1");
            FieldSet set = FieldsV1.decode(raw);
            ManagedEntry entry = new ManagedEntry(string(o, "manager"), operation, apiVersion, time,
                    string(o, "subresource"), set, keepRaw && raw != null && !raw.isNull() ? raw : null);
            out.put(entry.identity(), entry);
            i++;
        }
        return out;
    }

    private static String string(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.stringValue();
    }

    /** The managedFields list for {@code entries}, in upstream's order; null when there are none. */
    public static ArrayNode encode(Iterable<ManagedEntry> entries) {
        List<Timed> sorted = new ArrayList<>();
        entries.forEach(e -> sorted.add(new Timed(e, e.epochSeconds())));
        if (sorted.isEmpty()) {
            return null;
        }
        sorted.sort(ORDER);
        ArrayNode out = JsonNodeFactory.instance.arrayNode(sorted.size());
        for (Timed t : sorted) {
            ManagedEntry e = t.entry();
            ObjectNode o = out.addObject();
            if (!e.manager().isEmpty()) {
                o.put("manager", e.manager());
            }
            o.put("operation", e.operation());
            o.put("apiVersion", e.apiVersion());
            if (e.time() != null && !e.time().isEmpty()) {
                o.put("time", e.time());
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", e.raw() != null ? e.raw() : FieldsV1.encode(e.fields()));
            if (!e.subresource().isEmpty()) {
                o.put("subresource", e.subresource());
            }
        }
        return out;
    }

    /**
     * Keeps at most {@link #MAX_UPDATE_MANAGERS} update entries: the oldest are merged, per
     * apiVersion, into an "ancient-changes" entry carrying the newest merged time. Returns
     * whether anything was merged.
     */
    static boolean capUpdateManagers(Map<String, ManagedEntry> managed) {
        List<ManagedEntry> updaters = new ArrayList<>();
        for (ManagedEntry e : managed.values()) {
            if (!ManagedEntry.APPLY.equals(e.operation())) {
                updaters.add(e);
            }
        }
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return false;
        }
        java.util.Map<ManagedEntry, Long> seconds = new java.util.IdentityHashMap<>();
        updaters.forEach(e -> seconds.put(e, e.epochSeconds()));
        updaters.sort(Comparator.<ManagedEntry>comparingLong(seconds::get).thenComparing(ManagedEntry::identity));
        Map<String, ManagedEntry> firstOfVersion = new LinkedHashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            ManagedEntry e = updaters.get(i);
            String version = e.apiVersion();
            String bucket = ManagedEntry.identity(ANCIENT_CHANGES, ManagedEntry.UPDATE, version, "");
            ManagedEntry first = firstOfVersion.get(version);
            if (first == null) {
                firstOfVersion.put(version, e);
                continue;
            }
            ManagedEntry current = managed.get(bucket);
            if (current == null) {
                managed.remove(first.identity());
                current = first;
            }
            managed.remove(e.identity());
            managed.put(bucket, new ManagedEntry(ANCIENT_CHANGES, ManagedEntry.UPDATE, version, e.time(), "",
                    e.fields().union(current.fields()), null));
            length--;
        }
        return true;
    }
}
