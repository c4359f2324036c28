package io.k3j.client;

/**
 * Options of a patch: the field manager (required for apply), {@code force} to take over
 * conflicting fields on apply, and a subresource ("status", "scale") or null.
 */
public record PatchOptions(String fieldManager, boolean force, String subresource) {

    public static PatchOptions none() {
        return new PatchOptions(null, false, null);
    }

    public static PatchOptions apply(String fieldManager, boolean force) {
        return new PatchOptions(fieldManager, force, null);
    }

    public PatchOptions onSubresource(String name) {
        return new PatchOptions(fieldManager, force, name);
    }
}
