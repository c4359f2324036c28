package io.k3j.apiserver.registry;

import io.k3j.api.Status;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-kind behaviour of the generic store: defaulting, validation and what an update may
 * change. Implementations are stateless and thread-safe.
 */
public interface Strategy {

    /** Fills defaults on a new object (after generic metadata is set). */
    default void prepareForCreate(ObjectNode obj) {
    }

    /** Adjusts an update: e.g. keeps the stored status when the main resource is written. */
    default void prepareForUpdate(ObjectNode updated, ObjectNode old) {
    }

    /** Kind-specific validation problems (empty when valid). */
    default List<Status.Cause> validate(ObjectNode obj) {
        return List.of();
    }

    /** Whether names must be DNS-1123 labels (namespaces, services) instead of subdomains. */
    default boolean nameIsLabel() {
        return false;
    }

    /**
     * Whether names only need to be valid path segments (not ".", "..", no "/" or "%"), as for
     * RBAC objects, instead of DNS-1123 subdomains.
     */
    default boolean nameIsPathSegment() {
        return false;
    }

    /** Field paths usable in field selectors besides metadata.name and metadata.namespace. */
    default List<String> selectableFields() {
        return List.of();
    }

    /**
     * Removes the fields the kind's own schema does not describe and returns their paths
     * (custom resources; built-in kinds are pruned by the API schema instead).
     */
    default List<String> pruneUnknown(ObjectNode obj) {
        return List.of();
    }

    /**
     * Whether objects of this resource may be stored under another version of it (custom
     * resources with several versions, stored at their storage version); they are then shown
     * with this resource's apiVersion.
     */
    default boolean sharesStorageAcrossVersions() {
        return false;
    }

    /** The kind's own OpenAPI v3 schema (custom resources), or null when the API schema describes it. */
    default tools.jackson.databind.JsonNode openApiSchema() {
        return null;
    }

    /** Where the scale subresource reads and writes (custom resources), or null for spec/status.replicas. */
    default ScalePaths scalePaths() {
        return null;
    }

    /** The kind's own Table columns (custom resources), or null for the built-in printers. */
    default io.k3j.apiserver.table.TableConvertor printer() {
        return null;
    }

    /** Generic behaviour, for kinds with nothing special. */
    Strategy DEFAULT = new Strategy() {
    };
}
