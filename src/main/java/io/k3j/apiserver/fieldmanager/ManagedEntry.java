package io.k3j.apiserver.fieldmanager;

import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code metadata.managedFields}: who (manager, operation "Apply" or "Update",
 * the apiVersion and subresource it wrote through) owns which fields, and when it last changed
 * them. {@code raw}, when non-null, is the stored FieldsV1 tree {@code fields} was read from,
 * written back unchanged as long as the set is. Immutable.
 */
public record ManagedEntry(String manager, String operation, String apiVersion, String time, String subresource,
                           FieldSet fields, JsonNode raw) {

    public static final String UPDATE = "Update";
    public static final String APPLY = "Apply";

    public ManagedEntry {
        manager = manager == null ? "" : manager;
        subresource = subresource == null ? "" : subresource;
        apiVersion = apiVersion == null ? "" : apiVersion;
    }

    /**
     * What tells entries apart: manager, operation, subresource and — for updates only — the
     * apiVersion, so an applier keeps one entry across versions.
     */
    public String identity() {
        return identity(manager, operation, APPLY.equals(operation) ? "" : apiVersion, subresource);
    }

    static String identity(String manager, String operation, String apiVersion, String subresource) {
        return manager + '\u0000' + operation + '\u0000' + apiVersion + '\u0000' + subresource;
    }

    /** The same entry owning {@code set} (and no longer tied to its stored form). */
    public ManagedEntry withFields(FieldSet set) {
        return set == fields ? this : new ManagedEntry(manager, operation, apiVersion, time, subresource, set, null);
    }

    /** Seconds since the epoch of {@link #time}, 0 when absent. */
    long epochSeconds() {
        if (time == null || time.isEmpty()) {
            return 0;
        }
        try {
            return io.k3j.api.Rfc3339.epochSeconds(time);
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
