package io.k3j.apiserver.admission;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.ResourceType;

/**
 * One built-in admission plugin, named as upstream names it. A plugin says which resources it
 * acts on; the chain of a resource holds the plugins that do, in upstream's order, and runs every
 * {@link #admit} (mutating phase) before any {@link #validate} (validating phase).
 * Implementations are thread-safe.
 */
public interface AdmissionPlugin {

    /** Upstream's plugin name (LimitRanger, ResourceQuota, …). */
    String name();

    /** Whether the plugin may act on writes of {@code type}. */
    boolean appliesTo(ResourceType type);

    /** Mutating phase: adjusts the object or rejects the write (ApiException). */
    default void admit(Admission.Attributes a) {
    }

    /** Validating phase: rejects the write (ApiException) or lets it through. */
    default void validate(Admission.Attributes a) {
    }

    /** Upstream's admission 403: {@code <resource> "<name>" is forbidden: <why>}. */
    static ApiException forbidden(Admission.Attributes a, String why) {
        String name = a.name() == null ? "" : a.name();
        return new ApiException(Status.forbidden(a.type().group(), a.type().resource(), name, why));
    }
}
