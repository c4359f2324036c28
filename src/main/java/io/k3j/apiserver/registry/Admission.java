package io.k3j.apiserver.registry;

/**
 * A step run by the store on a write after the strategy's defaulting and before validation,
 * for rules that need more than the object itself (IP and port allocation, quota). Thread-safe.
 */
public interface Admission {

    /** Adjusts or rejects (by throwing an ApiException) a new object. */
    default void admitCreate(tools.jackson.databind.node.ObjectNode obj) {
    }

    /** Adjusts or rejects an update. */
    default void admitUpdate(tools.jackson.databind.node.ObjectNode updated, tools.jackson.databind.node.ObjectNode old) {
    }
}
