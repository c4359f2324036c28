package io.k3j.client.informer;

import tools.jackson.databind.node.ObjectNode;

/**
 * Receives an informer's notifications, in order, on a thread of its own. Objects are shared
 * with the informer's cache: do not modify them.
 */
public interface ResourceEventHandler {

    default void onAdd(ObjectNode object) {
    }

    /** Also called with {@code oldObject == newObject} content on every periodic resync. */
    default void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
    }

    /**
     * The object is gone. {@code finalStateUnknown} is upstream's DeletedFinalStateUnknown
     * tombstone: the deletion was noticed on a relist, and {@code object} is the last state seen.
     */
    default void onDelete(ObjectNode object, boolean finalStateUnknown) {
    }

    /** A handler calling {@code changed} with the new object on every add and update (resyncs included). */
    static ResourceEventHandler onChange(java.util.function.Consumer<ObjectNode> changed) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
                changed.accept(newObject);
            }
        };
    }

    /** As {@link #onChange}, and also with the last state of a deleted object. */
    static ResourceEventHandler onAny(java.util.function.Consumer<ObjectNode> changed) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
                changed.accept(newObject);
            }

            @Override
            public void onDelete(ObjectNode object, boolean finalStateUnknown) {
                changed.accept(object);
            }
        };
    }
}
